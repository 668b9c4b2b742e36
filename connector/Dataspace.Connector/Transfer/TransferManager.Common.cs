using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Transfer;

/// <summary>What both roles share: suspension, completion, termination, reads, operator actions and outbox outcomes.</summary>
public sealed partial class TransferManager : IOutboxOutcomeHandler, IProtocolRecovery
{
    /// <inheritdoc/>
    public string ProcessKind => Kind;

    /// <summary>GET /transfers/{pid}: the process, only to the counter-party it belongs to.</summary>
    public async Task<ProtocolResult<TransferProcess>> OnGetAsync(VerifiedCaller caller, ProcessRole role, string pid, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(pid, cancellationToken).ConfigureAwait(false);
        return ProcessGuard.BelongsTo(Identity(record), caller, role)
            ? ProtocolResult<TransferProcess>.Ok(ToDsp(record!))
            : ProtocolResult<TransferProcess>.NotFound($"no transfer '{pid}' with you");
    }

    /// <summary>POST /transfers/{pid}/suspension from either party.</summary>
    public Task<ProtocolResult<TransferProcess>> OnSuspensionAsync(VerifiedCaller caller, ProcessRole role, string pid, TransferSuspensionMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, role, pid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = TransferTransitions.Incoming(record, TransferMessageKind.Suspension);
            if (transition.IsRepeat)
            {
                return ProtocolResult<TransferProcess>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, TransferMessageKind.Suspension);
            }

            // A start of ours not yet delivered (resent after a restart) would resume what the peer just suspended.
            var result = await MoveAsync(record, transition.To, null, cancellationToken, error: Describe("suspended", caller, message.Code, message.Reason),
                effects: DiscardPendingOf(TransferStartMessage.TypeName)).ConfigureAwait(false);
            await StopChannelAsync(record, TransferStopReason.Suspended, cancellationToken).ConfigureAwait(false);
            return result;
        });

    /// <summary>POST /transfers/{pid}/completion from either party.</summary>
    public Task<ProtocolResult<TransferProcess>> OnCompletionAsync(VerifiedCaller caller, ProcessRole role, string pid, TransferCompletionMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, role, pid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = TransferTransitions.Incoming(record, TransferMessageKind.Completion);
            if (transition.IsRepeat)
            {
                return ProtocolResult<TransferProcess>.Ok(ToDsp(record));
            }

            // Completed by the peer while our termination is still on its way: the peer will refuse it (it has
            // completed), so the completion wins, on both sides, and our termination is withdrawn.
            var racedTermination = record.State == TransferState.Terminated
                && await _outbox.IsPendingAsync(record.Id, TransferTerminationMessage.TypeName, cancellationToken).ConfigureAwait(false);
            if (transition.IsIllegal && !racedTermination)
            {
                return Illegal(record, TransferMessageKind.Completion);
            }

            var result = await MoveAsync(record, TransferState.Completed, null, cancellationToken,
                error: racedTermination ? $"completed by {caller.Did} before our termination reached it ({record.Error})" : null,
                effects: racedTermination ? DiscardPendingOf(TransferTerminationMessage.TypeName) : null).ConfigureAwait(false);
            await StopChannelAsync(record, TransferStopReason.Completed, cancellationToken).ConfigureAwait(false);
            return result;
        }, allowTerminated: true);

    /// <summary>POST /transfers/{pid}/termination from either party.</summary>
    public Task<ProtocolResult<TransferProcess>> OnTerminationAsync(VerifiedCaller caller, ProcessRole role, string pid, TransferTerminationMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, role, pid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = TransferTransitions.Incoming(record, TransferMessageKind.Termination);
            if (transition.IsRepeat)
            {
                return ProtocolResult<TransferProcess>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, TransferMessageKind.Termination);
            }

            var result = await MoveAsync(record, transition.To, null, cancellationToken, error: Describe("terminated", caller, message.Code, message.Reason), effects: DiscardPending).ConfigureAwait(false);
            await StopChannelAsync(record, TransferStopReason.Terminated, cancellationToken).ConfigureAwait(false);
            return result;
        }, allowTerminated: true);

    /// <summary>Our operator suspends, resumes, completes or terminates a transfer; the peer is told.</summary>
    public async Task<ProtocolResult<TransferProcessRecord>> ActAsync(string id, TransferAction action, string? reason, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ProtocolResult<TransferProcessRecord>.NotFound($"no transfer '{id}'");
        }

        if (record.PeerPid is null)
        {
            return ProtocolResult<TransferProcessRecord>.BadRequest("illegal-state", "the provider has not answered the request yet");
        }

        var (expected, to, message) = action switch
        {
            TransferAction.Suspend => (new[] { TransferState.Started }, TransferState.Suspended,
                (OutboxMessage?)ToPeer(record, "suspension", new TransferSuspensionMessage { ProviderPid = record.ProviderPid!, ConsumerPid = record.ConsumerPid!, Code = "suspended-by-operator", Reason = reason is null ? null : Reason(reason) })),
            TransferAction.Resume => (new[] { TransferState.Suspended }, TransferState.Started,
                record.Role == ProcessRole.Consumer ? ToPeer(record, "start", new TransferStartMessage { ProviderPid = record.ProviderPid!, ConsumerPid = record.ConsumerPid! }) : null),
            TransferAction.Complete => (new[] { TransferState.Started }, TransferState.Completed,
                ToPeer(record, "completion", new TransferCompletionMessage { ProviderPid = record.ProviderPid!, ConsumerPid = record.ConsumerPid! })),
            _ => (new[] { TransferState.Requested, TransferState.Started, TransferState.Suspended }, TransferState.Terminated,
                ToPeer(record, "termination", new TransferTerminationMessage { ProviderPid = record.ProviderPid!, ConsumerPid = record.ConsumerPid!, Code = "terminated-by-operator", Reason = reason is null ? null : Reason(reason) })),
        };
        if (!expected.Contains(record.State))
        {
            return ProtocolResult<TransferProcessRecord>.BadRequest("illegal-state", $"cannot {action.ToString().ToLowerInvariant()} a transfer that is {record.State.ToDsp()}");
        }

        if (action == TransferAction.Resume && record.Role == ProcessRole.Provider)
        {
            // Done before answering, as for the consumer's own request: queued, a restart would silently drop it.
            await StartAsync(record.Id, new VerifiedCaller { Did = record.CounterPartyId }, cancellationToken).ConfigureAwait(false);
            return ProtocolResult<TransferProcessRecord>.Ok((await _store.GetAsync(id, cancellationToken).ConfigureAwait(false))!);
        }

        if (action == TransferAction.Resume)
        {
            // The consumer asks; the provider's start message moves us to STARTED.
            await _store.TransitionAsync(record with { UpdatedAt = _time.GetUtcNow() }, record.State, ProcessEffects.Send(message), cancellationToken).ConfigureAwait(false);
            return ProtocolResult<TransferProcessRecord>.Ok(record);
        }

        if (!await TransitionAsync(record, to, message, cancellationToken, error: reason is null ? null : $"{action.ToString().ToLowerInvariant()} by us: {reason}",
            effects: to == TransferState.Terminated ? DiscardPending : null).ConfigureAwait(false))
        {
            return ProtocolResult<TransferProcessRecord>.BadRequest("conflict", "the transfer changed meanwhile; try again");
        }

        await StopChannelAsync(record, to switch { TransferState.Suspended => TransferStopReason.Suspended, TransferState.Completed => TransferStopReason.Completed, _ => TransferStopReason.Terminated }, cancellationToken).ConfigureAwait(false);
        return ProtocolResult<TransferProcessRecord>.Ok((await _store.GetAsync(id, cancellationToken).ConfigureAwait(false))!);
    }

    /// <inheritdoc/>
    public async Task DeliveredAsync(OutboxMessage message, DspResponse response, CancellationToken cancellationToken)
    {
        if (message.Purpose == OutboxPurpose.OpenProcess)
        {
            var process = await _serializer.ReadAsync<TransferProcess>(response.Body, cancellationToken).ConfigureAwait(false);
            await _store.SetPeerPidAsync(message.ProcessId, process.ProviderPid, cancellationToken).ConfigureAwait(false);
        }
        else if ((message.MessageType == TransferStartMessage.TypeName || message.MessageType == TransferSuspensionMessage.TypeName)
            && await _store.GetAsync(message.ProcessId, cancellationToken).ConfigureAwait(false) is { Role: ProcessRole.Provider } record
            && record.State == (message.MessageType == TransferStartMessage.TypeName ? TransferState.Started : TransferState.Suspended))
        {
            // What follows our own start or suspension is decided once the consumer has it: a termination would drop it from the outbox.
            var step = record.State == TransferState.Started ? TransferStep.Started : TransferStep.Suspended;
            // Stored before the message is completed: a crash in between sends it again and reacts twice at worst.
            await _outbox.ScheduleStepAsync(ReactAfter(record.Id, step), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task FailedAsync(OutboxMessage message, string reason, CancellationToken cancellationToken)
    {
        if (message.MessageType == TransferTerminationMessage.TypeName)
        {
            // Refused because the peer completed the transfer first: the completion stands, on both sides.
            if (await _store.GetAsync(message.ProcessId, cancellationToken).ConfigureAwait(false) is { State: TransferState.Terminated } ended
                && await PeerStateAsync(ended, cancellationToken).ConfigureAwait(false) == TransferState.Completed)
            {
                await TransitionAsync(ended, TransferState.Completed, null, cancellationToken, error: $"completed by the counter-party before our termination reached it ({ended.Error})").ConfigureAwait(false);
            }

            return;
        }

        if (await _store.GetAsync(message.ProcessId, cancellationToken).ConfigureAwait(false) is { } record && !record.State.IsTerminal())
        {
            if (await EndedByPeerAsync(record, message, reason, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // The peer is told (when it is known), or it would wait forever for what we gave up sending.
            var error = $"{message.MessageType} could not be delivered: {reason}";
            var termination = record.PeerPid is null ? null : ToPeer(record, "termination",
                new TransferTerminationMessage { ProviderPid = record.ProviderPid!, ConsumerPid = record.ConsumerPid!, Code = "delivery-failed", Reason = Reason(error) });
            await TransitionAsync(record, TransferState.Terminated, termination, cancellationToken, error: error, effects: DiscardPending).ConfigureAwait(false);
            await StopChannelAsync(record, TransferStopReason.Terminated, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A refused message may only mean the peer has moved on: delivery is at least once, so a message it acknowledged
    /// just before we were killed is sent again after the restart and refused if the peer has ended the transfer
    /// meanwhile (e.g. completed it). When the peer says its process ended, ours ends the same way rather than
    /// contradicting it; its own message telling us so, still on its way, is then acknowledged as a repeat.
    /// </summary>
    private async Task<bool> EndedByPeerAsync(TransferProcessRecord record, OutboxMessage message, string reason, CancellationToken cancellationToken)
    {
        var ended = await PeerStateAsync(record, cancellationToken).ConfigureAwait(false);
        if (ended is not { } to || (to == TransferState.Completed && record.State != TransferState.Started))
        {
            return false;
        }

        var error = to == TransferState.Terminated ? $"{message.MessageType} was refused ({reason}); the counter-party had already terminated the transfer" : record.Error;
        if (await TransitionAsync(record, to, null, cancellationToken, error: error, effects: DiscardPending).ConfigureAwait(false))
        {
            await StopChannelAsync(record, to == TransferState.Completed ? TransferStopReason.Completed : TransferStopReason.Terminated, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The peer's state of the process when it is COMPLETED or TERMINATED (DSP GET); null otherwise or when it cannot be asked.</summary>
    private async Task<TransferState?> PeerStateAsync(TransferProcessRecord record, CancellationToken cancellationToken)
    {
        var state = await PeerDspStateAsync(record, cancellationToken).ConfigureAwait(false);
        return state is null ? null
            : state.EndsWith("COMPLETED", StringComparison.Ordinal) ? TransferState.Completed
            : state.EndsWith("TERMINATED", StringComparison.Ordinal) ? TransferState.Terminated
            : null;
    }

    /// <summary>The peer's state of the process as its DSP GET answers it (e.g. <c>SUSPENDED</c>); null when it cannot be asked.</summary>
    private async Task<string?> PeerDspStateAsync(TransferProcessRecord record, CancellationToken cancellationToken)
    {
        if (record.PeerPid is null)
        {
            return null;
        }

        var url = Negotiation.NegotiationManager.Combine(record.CounterPartyAddress, $"/transfers/{Uri.EscapeDataString(record.PeerPid)}");
        var response = await _client.GetAsync(url, record.CounterPartyId, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            return null;
        }

        try
        {
            return (await _serializer.ReadAsync<TransferProcess>(response.Body, cancellationToken).ConfigureAwait(false)).State;
        }
        catch (Exception e) when (e is DspMessageException or Dataspace.JsonLd.JsonLdException)
        {
            return null;
        }
    }

    private async Task StopChannelAsync(TransferProcessRecord record, TransferStopReason reason, CancellationToken cancellationToken)
    {
        if (record.Role == ProcessRole.Provider && _channels.Channels.TryGetValue(record.TransferType, out var channel))
        {
            await channel.StopAsync(new TransferStopContext(record.Id, reason), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(string what, VerifiedCaller caller, string? code, IReadOnlyList<System.Text.Json.Nodes.JsonNode>? reason) =>
        $"{what} by {caller.Did}" + (code is null ? "" : $" ({code})") + (reason is { Count: > 0 } r ? ": " + string.Join("; ", r.Select(x => x?.ToJsonString())) : "");

#pragma warning disable CA1068 // The handler lambda reads best last at the call sites; the token still flows to every I/O call.
    private async Task<ProtocolResult<TransferProcess>> HandleAsync(
        VerifiedCaller caller, ProcessRole role, string pid, string? providerPid, string? consumerPid, CancellationToken cancellationToken,
        Func<TransferProcessRecord, Task<ProtocolResult<TransferProcess>>> handle, bool allowTerminated = false)
    {
        var record = await _store.GetAsync(pid, cancellationToken).ConfigureAwait(false);
        if (ProcessGuard.Refusal<TransferProcess>(Kind, Identity(record), caller, role, pid, providerPid, consumerPid) is { } refused)
        {
            return refused;
        }

        if (record!.State.IsTerminal() && !allowTerminated)
        {
            return Illegal(record, "a message", "a state other than COMPLETED or TERMINATED");
        }

        var theirs = role == ProcessRole.Provider ? consumerPid : providerPid;
        return await ProcessGuard.RetryOnConflictAsync(
            record,
            current => handle(current.PeerPid is null && theirs is not null ? current with { PeerPid = theirs } : current),
            () => _store.GetAsync(pid, cancellationToken)).ConfigureAwait(false);
    }

    private static ProcessIdentity? Identity(TransferProcessRecord? record) =>
        record is null ? null : new(record.Id, record.Role, record.CounterPartyId, record.PeerPid);
#pragma warning restore CA1068

    private async Task<ProtocolResult<TransferProcess>> MoveAsync(TransferProcessRecord record, TransferState to, OutboxMessage? message, CancellationToken cancellationToken,
        string? error = null, Sdk.Transfer.DataAddress? address = null, ProcessEffects? effects = null)
    {
        if (!await TransitionAsync(record, to, message, cancellationToken, error, address, effects).ConfigureAwait(false))
        {
            var current = await _store.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
            return current?.State == to
                ? ProtocolResult<TransferProcess>.Ok(ToDsp(current))
                : ProtocolResult<TransferProcess>.BadRequest(ProcessGuard.ConflictCode, $"the transfer moved to {current?.State.ToDsp()} meanwhile");
        }

        return ProtocolResult<TransferProcess>.Ok(ToDsp(record with { State = to }));
    }

    // The table's refusal of a message from the counter-party, naming the states in which it would have been allowed.
    private static ProtocolResult<TransferProcess> Illegal(TransferProcessRecord record, TransferMessageKind message) =>
        Illegal(record, TransferTransitions.NameOf(message), TransferTransitions.Table.Expected(message, record.Role.CounterParty()));

    private static ProtocolResult<TransferProcess> Illegal(TransferProcessRecord record, string what, string expected) =>
        ProtocolResult<TransferProcess>.BadRequest("illegal-state", $"{what} is not allowed in state {record.State.ToDsp()}; expected {expected}");
}
