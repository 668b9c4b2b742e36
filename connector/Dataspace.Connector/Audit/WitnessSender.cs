using System.Net;
using System.Text.Json;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Sends each queued agreement's checkpoint to the counter-party to co-sign (through <see cref="DspClient"/>: our DCP
/// token, the egress policy, bounded answers), checks the cosignature against the counter-party's DID key and stores
/// it; retries with backoff until <see cref="WitnessOptions.MaxAttempts"/>, then records the failure.
/// </summary>
internal sealed partial class WitnessSender : BackgroundService
{
    private readonly WitnessFiles _files;
    private readonly WitnessRequests _queue;
    private readonly IWitnessLog _log;
    private readonly DspClient _client;
    private readonly DidResolverRegistry _resolver;
    private readonly IAuditLog _audit;
    private readonly Hosting.ConnectorInstance _self;
    private readonly TimeProvider _time;
    private readonly IOptions<WitnessOptions> _options;
    private readonly ILogger<WitnessSender> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public WitnessSender(WitnessFiles files, WitnessRequests queue, IWitnessLog log, DspClient client, DidResolverRegistry resolver, IAuditLog audit, Hosting.ConnectorInstance self, TimeProvider time, IOptions<WitnessOptions> options, ILogger<WitnessSender> logger)
    {
        _files = files;
        _queue = queue;
        _log = log;
        _client = client;
        _resolver = resolver;
        _audit = audit;
        _self = self;
        _time = time;
        _options = options;
        _logger = logger;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _queue.Queued += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await _wake.WaitAsync(_options.Value.Interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed after a start that failed (port in use): the host must not report this as a crash.
        }
        finally
        {
            _queue.Queued -= Wake;
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>One round: every pending request that is due is tried once.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in await _files.ListPendingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (pending.NotBefore > _time.GetUtcNow())
            {
                continue;
            }

            try
            {
                await TryAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One agreement's fault (a proof the store cannot give, a malformed answer) must not stop the others.
                LogFailed(_logger, pending.AgreementId, pending.CounterParty, e);
                await FailedAsync(pending, $"{e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TryAsync(PendingWitness pending, CancellationToken cancellationToken)
    {
        // Wait, without counting an attempt, until a signed checkpoint covers the agreement's entry.
        if (await _log.LatestCheckpointAsync(cancellationToken).ConfigureAwait(false) is not { } checkpoint || checkpoint.Size <= pending.EntryIndex)
        {
            return;
        }

        var entry = await _log.ReadEntryAsync(pending.EntryIndex, cancellationToken).ConfigureAwait(false);
        var inclusion = await _log.InclusionProofAsync(pending.EntryIndex, checkpoint.Size, cancellationToken).ConfigureAwait(false);
        var oldSize = pending.WitnessSize;
        var url = NegotiationAddress(pending.Address) + WitnessEndpoints.Path;

        // At most twice: the witness may answer 409 with the size it last co-signed, and we prove consistency from there.
        for (var round = 0; round < 2; round++)
        {
            if (oldSize > checkpoint.Size)
            {
                await FailedAsync(pending with { WitnessSize = oldSize }, $"the witness has co-signed a checkpoint of size {oldSize}, larger than our latest ({checkpoint.Size})", cancellationToken).ConfigureAwait(false);
                return;
            }

            var consistency = oldSize == 0 || oldSize == checkpoint.Size
                ? []
                : await _log.ConsistencyProofAsync(oldSize, checkpoint.Size, cancellationToken).ConfigureAwait(false);
            var request = new WitnessRequest
            {
                AgreementId = pending.AgreementId,
                Checkpoint = checkpoint.Note,
                Hash = _log.HashName,
                EntryIndex = pending.EntryIndex,
                Entry = Convert.ToBase64String(entry),
                InclusionProof = [.. inclusion.Select(Convert.ToBase64String)],
                OldSize = oldSize,
                ConsistencyProof = [.. consistency.Select(Convert.ToBase64String)],
            };
            var answer = await _client.PostAsync(url, JsonSerializer.SerializeToUtf8Bytes(request, WitnessJson.Default.WitnessRequest), pending.CounterParty, cancellationToken).ConfigureAwait(false);
            var response = Parse(answer.Body);
            if (answer.Status == HttpStatusCode.Conflict && response?.Size is { } known && known != oldSize && known >= 0)
            {
                oldSize = known;
                continue;
            }

            if (answer.Status == HttpStatusCode.OK && response?.Cosignature is { } cosignature && response.Witness is { } witness)
            {
                if (await CheckCosignatureAsync(pending.CounterParty, checkpoint.Note, cosignature, witness, cancellationToken).ConfigureAwait(false) is { } bad)
                {
                    await FailedAsync(pending, bad, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await _log.AddCosignatureAsync(checkpoint.Size, witness, cosignature, cancellationToken).ConfigureAwait(false);
                await _audit.AppendAsync(AuditRecords.WitnessReceived(_self.ParticipantId, pending.CounterParty, pending.AgreementId, checkpoint.Size, witness, cosignature), cancellationToken).ConfigureAwait(false);
                _files.RemovePending(pending.AgreementId);
                LogWitnessed(_logger, pending.AgreementId, pending.CounterParty, checkpoint.Size);
                return;
            }

            // The peer's own words stay in the log (DspClient logs them under the correlation id), never in our state.
            var why = answer.Status is { } status
                ? $"{pending.CounterParty} answered {(int)status}{(response?.Code is { } code ? " (" + Bounded(code) + ")" : "")} (correlation {answer.Correlation})"
                : answer.TransportError ?? "no answer";
            await FailedAsync(pending with { WitnessSize = oldSize }, why, cancellationToken).ConfigureAwait(false);
            return;
        }

        await FailedAsync(pending with { WitnessSize = oldSize }, $"{pending.CounterParty} kept asking for another old size", cancellationToken).ConfigureAwait(false);
    }

    // The counter-party's answer names its key; it must be one of its DID's and the cosignature must verify with it.
    private async Task<string?> CheckCosignatureAsync(string counterParty, string note, string cosignature, string witness, CancellationToken cancellationToken)
    {
        if (!witness.StartsWith(counterParty + "#", StringComparison.Ordinal))
        {
            return $"the cosignature is by {Bounded(witness)}, not by a key of {counterParty}";
        }

        var resolved = await _resolver.ResolveAsync(counterParty, cancellationToken).ConfigureAwait(false);
        if (resolved.Document?.FindMethod(witness) is not { } method)
        {
            return $"{Bounded(witness)} is not a verification method of {counterParty} ({resolved.Reason ?? "its DID document does not list it"})";
        }

        return WitnessSignatures.VerifyCosignature(note, cosignature, method.PublicKey, witness);
    }

    private async Task FailedAsync(PendingWitness pending, string reason, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var attempts = pending.Attempts + 1;
        if (attempts >= options.MaxAttempts)
        {
            _files.RemovePending(pending.AgreementId);
            LogGaveUp(_logger, pending.AgreementId, pending.CounterParty, attempts, reason);
            await _audit.AppendAsync(AuditRecords.WitnessFailed(pending.AgreementId, pending.CounterParty, attempts, reason), cancellationToken).ConfigureAwait(false);
            return;
        }

        var backoff = TimeSpan.FromMilliseconds(Math.Min(options.MaxBackoff.TotalMilliseconds, options.Interval.TotalMilliseconds * Math.Pow(2, attempts)));
        await _files.SavePendingAsync(pending with { Attempts = attempts, NotBefore = _time.GetUtcNow() + backoff, LastError = reason }, cancellationToken).ConfigureAwait(false);
    }

    private static WitnessResponse? Parse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, WitnessJson.Default.WitnessResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The address we keep for the counter-party is its DSP base; tolerate one given with a trailing slash.
    private static string NegotiationAddress(string address) => address.TrimEnd('/');

    private static string Bounded(string value) => value.Length > 200 ? value[..200] : value;

    [LoggerMessage(EventId = 9411, Level = LogLevel.Information, Message = "Agreement {AgreementId}: {CounterParty} co-signed our checkpoint of size {Size}")]
    private static partial void LogWitnessed(ILogger logger, string agreementId, string counterParty, long size);

    [LoggerMessage(EventId = 9412, Level = LogLevel.Warning, Message = "Agreement {AgreementId}: witnessing by {CounterParty} failed")]
    private static partial void LogFailed(ILogger logger, string agreementId, string counterParty, Exception exception);

    [LoggerMessage(EventId = 9413, Level = LogLevel.Warning, Message = "Agreement {AgreementId}: gave up asking {CounterParty} to witness after {Attempts} attempts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string agreementId, string counterParty, int attempts, string reason);
}
