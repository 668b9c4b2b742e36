using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

public sealed partial class ManagementClient
{
    /// <summary>Proposes a compute job (<c>POST compute/jobs</c>): its tasks and the agreement of each provider, as JSON (docs/compute/engine.md).</summary>
    public Task<JsonObject> ProposeComputeJobAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Post, "compute/jobs", Require(request), cancellationToken);

    /// <summary>A page of compute jobs, newest first (<c>{ items, total, offset, limit }</c>).</summary>
    public Task<JsonObject> ListComputeJobsAsync(string? state = null, string? agreementId = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, Query("compute/jobs", ("state", state), ("agreementId", agreementId), ("offset", offset), ("limit", limit)), null, cancellationToken);

    /// <summary>One compute job.</summary>
    public Task<JsonObject> GetComputeJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, "compute/jobs/" + Escape(id), null, cancellationToken);

    /// <summary>Acts on a compute job: <c>approve</c>, <c>reject</c>, <c>stop</c>, <c>suspend</c> or <c>restart</c>; reject and stop take a reason.</summary>
    public Task<JsonObject> ActOnComputeJobAsync(string id, string action, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Post, $"compute/jobs/{Escape(id)}/{Escape(action)}", new JsonObject { ["reason"] = reason }, cancellationToken);

    /// <summary>The outputs of a compute job this connector received.</summary>
    public Task<JsonArray> GetComputeOutputsAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<JsonArray>(HttpMethod.Get, $"compute/jobs/{Escape(id)}/outputs", null, cancellationToken);

    /// <summary>Uploads a CSV input; returns the path a task's file input names.</summary>
    public async Task<string> UploadComputeInputAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Put, "compute/inputs/" + Escape(name), null);
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, HttpMethod.Put, "compute/inputs/" + name, cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return body?["path"]?.GetValue<string>() ?? throw new ManagementApiException("PUT /compute/inputs answered without the input's path");
    }
}
