using System.Collections.Concurrent;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>
/// A stand-in for the connector's <see cref="IDataAccessGuard"/> (transfer state, agreement policy in the access scope,
/// metering), which is being written against the same contract and replaces this in the connector's own tests:
/// allows started transfers, refuses unknown ones, and denies with a reason when told to.
/// </summary>
internal sealed class TestAccessGuard : IDataAccessGuard
{
    private readonly ConcurrentDictionary<string, DataAddress> _started = new(StringComparer.Ordinal);

    /// <summary>Every access asked about, in order.</summary>
    public ConcurrentQueue<DataAccessRequest> Requests { get; } = new();

    /// <summary>When set, the policy's denial reason for every access.</summary>
    public string? DenyWith { get; set; }

    public void Start(string transferId, DataAddress source) => _started[transferId] = source;

    public void Stop(string transferId) => _started.TryRemove(transferId, out _);

    public Task<DataAccessDecision> AuthorizeAsync(DataAccessRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (!_started.TryGetValue(request.TransferId, out var source))
        {
            return Task.FromResult(DataAccessDecision.Deny($"transfer '{request.TransferId}' is not started", unknownTransfer: true));
        }

        return Task.FromResult(DenyWith is { } reason ? DataAccessDecision.Deny(reason) : DataAccessDecision.Allow(source));
    }
}
