using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>Agreements whose checkpoint the counter-party is to co-sign; the witness sender works through them in the background.</summary>
public sealed class WitnessRequests
{
    private readonly WitnessFiles _files;
    private readonly bool _enabled;
    private readonly TimeProvider _time;

    internal WitnessRequests(WitnessFiles files, IOptions<WitnessOptions> options, TimeProvider time)
    {
        _files = files;
        _enabled = options.Value.Enabled == true;
        _time = time;
    }

    /// <summary>Raised when a request is queued, so the sender need not wait for its next round.</summary>
    internal event Action? Queued;

    /// <summary>
    /// Queues the agreement (its entry at <paramref name="entryIndex"/> in our audit log) for the counter-party at
    /// <paramref name="address"/> (its DSP base URL) to witness; nothing when witnessing is off (no DID key).
    /// </summary>
    /// <remarks>Durable when it returns: a restart resumes it.</remarks>
    public async Task RequestAsync(string agreementId, long entryIndex, string counterParty, string address, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return;
        }

        await _files.SavePendingAsync(new PendingWitness
        {
            AgreementId = agreementId,
            EntryIndex = entryIndex,
            CounterParty = counterParty,
            Address = address,
            NotBefore = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        Queued?.Invoke();
    }
}
