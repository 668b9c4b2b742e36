using System.Buffers;

namespace Dataspace.Connector.Client;

/// <content>Transfers under agreements, their pull endpoints and their data.</content>
public sealed partial class ManagementClient
{
    /// <summary>Asks the provider of an agreement for a transfer (pull, or push to a destination); it then runs on its own (poll it).</summary>
    public Task<TransferProcess> StartTransferAsync(TransferRequest transfer, CancellationToken cancellationToken = default) =>
        SendAsync<TransferProcess>(HttpMethod.Post, "transfers", Require(transfer), cancellationToken);

    /// <summary>Lists transfers, newest first; <paramref name="role"/> is <c>provider</c> or <c>consumer</c>, <paramref name="state"/> a DSP state name.</summary>
    public Task<Page<TransferProcess>> ListTransfersAsync(string? role = null, string? state = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<TransferProcess>>(HttpMethod.Get, Query("transfers", ("offset", offset), ("limit", limit), ("role", role), ("state", state)), null, cancellationToken);

    /// <summary>One transfer by id.</summary>
    public Task<TransferProcess> GetTransferAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<TransferProcess>(HttpMethod.Get, "transfers/" + Escape(id), null, cancellationToken);

    /// <summary>Pauses a started transfer; the other connector is told.</summary>
    public Task<TransferProcess> SuspendTransferAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(id, "suspend", reason, cancellationToken);

    /// <summary>Starts a suspended transfer again; the other connector is told.</summary>
    public Task<TransferProcess> ResumeTransferAsync(string id, CancellationToken cancellationToken = default) =>
        ActAsync(id, "resume", null, cancellationToken);

    /// <summary>Declares a started transfer complete; the other connector is told.</summary>
    public Task<TransferProcess> CompleteTransferAsync(string id, CancellationToken cancellationToken = default) =>
        ActAsync(id, "complete", null, cancellationToken);

    /// <summary>Ends a transfer before completion with a reason; the other connector is told.</summary>
    public Task<TransferProcess> TerminateTransferAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(id, "terminate", reason, cancellationToken);

    /// <summary>
    /// Polls a transfer until it is in one of <paramref name="states"/> or has ended (COMPLETED or TERMINATED);
    /// bound the wait with <paramref name="cancellationToken"/>.
    /// </summary>
    public Task<TransferProcess> WaitForTransferAsync(string id, IReadOnlyCollection<string> states, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        return PollAsync(
            ct => GetTransferAsync(id, ct),
            t => states.Contains(t.State, StringComparer.Ordinal) || t.State is TransferStates.Completed or TransferStates.Terminated,
            pollInterval,
            cancellationToken);
    }

    /// <summary>Where and with which token to pull a started pull transfer's data (consumer side); 409 otherwise.</summary>
    public Task<EndpointDataReference> GetEndpointDataReferenceAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<EndpointDataReference>(HttpMethod.Get, $"transfers/{Escape(id)}/edr", null, cancellationToken);

    /// <summary>Opens a started pull transfer's data, streamed through the consumer connector from the provider.</summary>
    /// <remarks>The caller must dispose the stream; it holds the HTTP response open until then.</remarks>
    public async Task<Stream> OpenTransferDataAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = $"transfers/{Escape(id)}/data";
        using var request = CreateRequest(HttpMethod.Get, path, null);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseStream(body, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Copies a started pull transfer's data into <paramref name="destination"/>; returns the number of bytes copied.</summary>
    public async Task<long> DownloadTransferDataAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var data = await OpenTransferDataAsync(id, cancellationToken).ConfigureAwait(false);
        await using (data.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long written = 0;
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                }

                return written;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private Task<TransferProcess> ActAsync(string id, string action, string? reason, CancellationToken cancellationToken) =>
        SendAsync<TransferProcess>(HttpMethod.Post, $"transfers/{Escape(id)}/{action}", new { reason }, cancellationToken);
}
