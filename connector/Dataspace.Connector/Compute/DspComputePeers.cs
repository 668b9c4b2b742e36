using System.Text.Json;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>Reaches other parties' engines over DSP-authenticated HTTP under their DSP base (<see cref="ComputeDspEndpoints"/>).</summary>
internal sealed class DspComputePeers : IComputePeers
{
    private readonly DspClient _client;

    public DspComputePeers(DspClient client) => _client = client;

    /// <inheritdoc/>
    public async Task<ComputeJob> ProposeAsync(ComputePeerEndpoint peer, ComputeJob job, CancellationToken cancellationToken)
    {
        var response = await _client.PostAsync(Url(peer, ComputeDspEndpoints.JobsPath), JsonSerializer.SerializeToUtf8Bytes(job, ComputeJobJson.Options), peer.ParticipantId, job.Id, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess) throw new ComputeEngineException(Code(response), $"{peer.ParticipantId} answered {Refusal(response)}");
        return Read<ComputeJob>(response, peer);
    }

    /// <inheritdoc/>
    public async Task NotifyAsync(ComputePeerEndpoint peer, ComputeJobNotice notice, CancellationToken cancellationToken)
    {
        var response = await _client.PostAsync(Url(peer, $"{ComputeDspEndpoints.JobsPath}/{Uri.EscapeDataString(notice.JobId)}/notices"),
            JsonSerializer.SerializeToUtf8Bytes(notice, ComputeJobJson.Options), peer.ParticipantId, notice.JobId, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess) throw new ComputeEngineException(Code(response), $"{peer.ParticipantId} answered {Refusal(response)}");
    }

    /// <inheritdoc/>
    public async Task<ComputeJob?> GetAsync(ComputePeerEndpoint peer, string jobId, CancellationToken cancellationToken)
    {
        var response = await _client.GetAsync(Url(peer, $"{ComputeDspEndpoints.JobsPath}/{Uri.EscapeDataString(jobId)}"), peer.ParticipantId, cancellationToken).ConfigureAwait(false);
        if (response.Status is System.Net.HttpStatusCode.NotFound) return null;
        if (!response.IsSuccess) throw new ComputeEngineException(Code(response), $"{peer.ParticipantId} answered {Refusal(response)}");
        return Read<ComputeJob>(response, peer);
    }

    private static string Url(ComputePeerEndpoint peer, string path) => peer.DspEndpoint.ToString().TrimEnd('/') + path;

    private static T Read<T>(DspResponse response, ComputePeerEndpoint peer)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(response.Body, ComputeJobJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ComputeEngineException("invalid", $"{peer.ParticipantId} answered with a body that is not a compute job ({e.Message})");
        }
    }

    private static string Code(DspResponse response) => (int?)response.Status switch
    {
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        _ => "invalid",
    };

    // The peer's reason is passed on (it is its answer to our job), cut short so a peer cannot flood our store.
    private static string Refusal(DspResponse response)
    {
        try
        {
            if (response.Body.Length > 0 && JsonDocument.Parse(response.Body).RootElement is { ValueKind: JsonValueKind.Object } body
                && body.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                var text = reason.GetString()!;
                return $"HTTP {(int?)response.Status}: {(text.Length <= 500 ? text : text[..500])}";
            }
        }
        catch (JsonException)
        {
            // Not our error shape: the status says enough.
        }

        return response.Describe();
    }
}
