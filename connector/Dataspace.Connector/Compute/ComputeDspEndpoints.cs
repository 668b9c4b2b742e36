using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Compute;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute;

/// <summary>
/// The compute extension endpoints in the authenticated DSP group: <c>POST {dsp}/compute/jobs</c> (a consumer proposes a
/// job), <c>GET {dsp}/compute/jobs/{id}</c> (a party reads our copy) and <c>POST {dsp}/compute/jobs/{id}/notices</c>
/// (a party reports a decision, a start, progress or an outcome). Errors are <c>{ "code", "reason" }</c>.
/// </summary>
internal static class ComputeDspEndpoints
{
    /// <summary>The path of the jobs collection under the DSP base.</summary>
    public const string JobsPath = "/compute/jobs";

    /// <summary>Maps the compute endpoints in the DSP group; they answer 404 while no engine is registered.</summary>
    public static RouteGroupBuilder MapComputeDsp(this RouteGroupBuilder dsp)
    {
        dsp.MapPost(JobsPath, async (HttpContext http, IOptions<ComputeOptions> options) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            var (job, error) = await ReadAsync<ComputeJob>(http.Request, options.Value.MaxProposalBytes, "a compute job", http.RequestAborted).ConfigureAwait(false);
            if (job is null) return Problem(StatusCodes.Status400BadRequest, "invalid", error!);
            try
            {
                var answer = await engine.ReceiveAsync(job, DspEndpoints.Caller(http).Did, http.RequestAborted).ConfigureAwait(false);
                return Results.Text(ComputeJobJson.Serialize(answer), "application/json", statusCode: StatusCodes.Status201Created);
            }
            catch (ComputeEngineException e)
            {
                return Refused(e);
            }
        });
        dsp.MapGet(JobsPath + "/{id}", async (HttpContext http, string id) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            var job = await engine.GetAsync(id, http.RequestAborted).ConfigureAwait(false);
            // A job is shown only to its parties; to anyone else it does not exist.
            return job is not null && job.Participants.Contains(DspEndpoints.Caller(http).Did, StringComparer.Ordinal)
                ? Results.Text(ComputeJobJson.Serialize(job), "application/json")
                : Problem(StatusCodes.Status404NotFound, "not-found", $"there is no job '{id}' of yours");
        });
        dsp.MapPost(JobsPath + "/{id}/notices", async (HttpContext http, string id) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            var (notice, error) = await ReadAsync<ComputeJobNotice>(http.Request, 16 * 1024, "a job notice", http.RequestAborted).ConfigureAwait(false);
            if (notice is null) return Problem(StatusCodes.Status400BadRequest, "invalid", error!);
            if (notice.JobId != id) return Problem(StatusCodes.Status400BadRequest, "invalid", $"the notice is about job '{notice.JobId}', not '{id}' of its address");
            try
            {
                var job = await engine.ReceiveNoticeAsync(notice, DspEndpoints.Caller(http).Did, http.RequestAborted).ConfigureAwait(false);
                return Results.Text(ComputeJobJson.Serialize(job), "application/json");
            }
            catch (ComputeEngineException e)
            {
                return Refused(e);
            }
        });
        return dsp;
    }

    /// <summary>The HTTP status of an engine's refusal.</summary>
    public static int Status(ComputeEngineException e) => e.Code switch
    {
        "not-found" => StatusCodes.Status404NotFound,
        "forbidden" => StatusCodes.Status403Forbidden,
        "conflict" => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Reads a JSON body of at most <paramref name="limit"/> bytes, whatever Content-Length says.</summary>
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, int limit, string what, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > limit) return (null, $"the body is larger than {limit} bytes: expected {what} of at most that size");
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) return (null, $"the body is larger than {limit} bytes: expected {what} of at most that size");
            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), ComputeJobJson.Options) is { } value ? (value, null) : (null, $"the body is null: expected {what}");
        }
        catch (JsonException e)
        {
            return (null, $"the body is not {what} ({e.Message})");
        }
    }

    /// <summary>The engine, or null while none runs (no task channel is registered).</summary>
    public static EmbeddedComputeEngine? Engine(HttpContext http)
        => http.RequestServices.GetService<IComputeChannelFactory>() is null ? null : http.RequestServices.GetService<EmbeddedComputeEngine>();

    private static IResult Refused(ComputeEngineException e) => Problem(Status(e), e.Code, e.Message);

    private static IResult NoEngine() => Problem(StatusCodes.Status404NotFound, "not-found", "this connector runs no compute engine");

    private static IResult Problem(int status, string code, string reason) =>
        Results.Json(new JsonObject { ["code"] = code, ["reason"] = reason }, statusCode: status);
}
