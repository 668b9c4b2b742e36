using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Protocol.Processes;

/// <summary>
/// The checks every message to an existing process passes, for negotiations and transfers alike: the process exists in
/// the role the path addresses and belongs to the caller, and the message names it by both its pids.
/// </summary>
internal static class ProcessGuard
{
    /// <summary>How many times a message is handled again after our own outbox moved the process under it.</summary>
    public const int MaxConflictRetries = 3;

    /// <summary>The refusal of a message to process <paramref name="pid"/>, or null when it may be handled.</summary>
    /// <param name="kind">The process kind in errors: <c>negotiation</c> or <c>transfer</c>.</param>
    /// <param name="process">The stored process, or null when there is none.</param>
    /// <param name="caller">Who sent the message.</param>
    /// <param name="role">Our role in the process, as the path addresses it.</param>
    /// <param name="pid">Our process id from the path.</param>
    /// <param name="providerPid">The message's providerPid.</param>
    /// <param name="consumerPid">The message's consumerPid.</param>
    public static ProtocolResult<T>? Refusal<T>(string kind, ProcessIdentity? process, VerifiedCaller caller, ProcessRole role, string pid, string? providerPid, string? consumerPid)
    {
        if (!BelongsTo(process, caller, role))
        {
            return ProtocolResult<T>.NotFound($"no {kind} '{pid}' with you");
        }

        var (ours, theirs) = role == ProcessRole.Provider ? (providerPid, consumerPid) : (consumerPid, providerPid);
        if (ours != pid)
        {
            return ProtocolResult<T>.BadRequest("pid-mismatch", $"the message's {PidName(role)} '{ours}' is not '{pid}' from the path");
        }

        if (process!.Value.PeerPid is { } peerPid && theirs != peerPid)
        {
            return ProtocolResult<T>.BadRequest("pid-mismatch", $"the message's {PidName(role.CounterParty())} '{theirs}' is not this {kind}'s '{peerPid}'");
        }

        return null;
    }

    /// <summary>Whether <paramref name="process"/> exists, is ours in <paramref name="role"/> and belongs to <paramref name="caller"/>; anything else is answered as "not found", so a stranger learns nothing.</summary>
    public static bool BelongsTo(ProcessIdentity? process, VerifiedCaller caller, ProcessRole role) =>
        process is { } p && p.Role == role && p.CounterPartyId == caller.Did;

    /// <summary>
    /// Handles the message, and again (up to <see cref="MaxConflictRetries"/> times) against the process as it now is
    /// when the store refused a stale expected state: our own outbox may have moved it meanwhile (e.g. on the peer's acknowledgement).
    /// </summary>
    public static async Task<ProtocolResult<T>> RetryOnConflictAsync<TRecord, T>(TRecord record, Func<TRecord, Task<ProtocolResult<T>>> handle, Func<Task<TRecord?>> reload)
        where TRecord : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await handle(record).ConfigureAwait(false);
            if (result.Code != ConflictCode || attempt == MaxConflictRetries || await reload().ConfigureAwait(false) is not { } current)
            {
                return result;
            }

            record = current;
        }
    }

    /// <summary>The error code of a transition the store refused because the process had moved.</summary>
    public const string ConflictCode = "conflict";

    private static string PidName(ProcessRole role) => role == ProcessRole.Provider ? "providerPid" : "consumerPid";
}
