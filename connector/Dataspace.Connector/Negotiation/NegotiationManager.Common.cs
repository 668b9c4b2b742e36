using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Negotiation;

/// <summary>What both roles share: lookup and checks of incoming messages, termination, reads, outbox outcomes.</summary>
public sealed partial class NegotiationManager : IOutboxOutcomeHandler
{
    /// <inheritdoc/>
    public string ProcessKind => Kind;

    /// <summary>GET /negotiations/{pid}: the process, only to the counter-party it belongs to.</summary>
    public async Task<ProtocolResult<ContractNegotiation>> OnGetAsync(VerifiedCaller caller, ProcessRole role, string pid, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(pid, cancellationToken).ConfigureAwait(false);
        return ProcessGuard.BelongsTo(Identity(record), caller, role)
            ? ProtocolResult<ContractNegotiation>.Ok(ToDsp(record!))
            : ProtocolResult<ContractNegotiation>.NotFound($"no negotiation '{pid}' with you");
    }

    /// <summary>POST /negotiations/{pid}/termination from either party.</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnTerminationAsync(VerifiedCaller caller, ProcessRole role, string pid, ContractNegotiationTerminationMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, role, pid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Termination);
            if (transition.IsRepeat)
            {
                return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, NegotiationMessageKind.Termination);
            }

            var reason = $"terminated by {caller.Did}" + TerminationReason(message);
            return await MoveAsync(record, transition.To, null, cancellationToken, error: reason, effects: DiscardPending).ConfigureAwait(false);
        }, allowTerminated: true, peerTermination: TerminationReason(message));

    /// <summary>Our operator ends a negotiation; the peer is told.</summary>
    public async Task<ProtocolResult<ContractNegotiationRecord>> TerminateAsync(string id, string reason, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ProtocolResult<ContractNegotiationRecord>.NotFound($"no negotiation '{id}'");
        }

        if (record.State.IsTerminal())
        {
            return ProtocolResult<ContractNegotiationRecord>.BadRequest("illegal-state", $"the negotiation is already {record.State.ToDsp()}");
        }

        var message = record.PeerPid is null
            ? null
            : Message(record, $"/negotiations/{Uri.EscapeDataString(record.PeerPid)}/termination", new ContractNegotiationTerminationMessage
            {
                ProviderPid = record.ProviderPid!,
                ConsumerPid = record.ConsumerPid!,
                Code = "terminated-by-operator",
                Reason = [JsonValue.Create(reason)],
            });
        return await TransitionAsync(record, NegotiationState.Terminated, message, cancellationToken, error: $"terminated by us: {reason}", effects: DiscardPending).ConfigureAwait(false)
            ? ProtocolResult<ContractNegotiationRecord>.Ok((await _store.GetAsync(id, cancellationToken).ConfigureAwait(false))!)
            : ProtocolResult<ContractNegotiationRecord>.BadRequest("conflict", "the negotiation changed meanwhile; try again");
    }

    /// <inheritdoc/>
    public async Task DeliveredAsync(OutboxMessage message, DspResponse response, CancellationToken cancellationToken)
    {
        if (message.Purpose == OutboxPurpose.OpenProcess)
        {
            var negotiation = await _serializer.ReadAsync<ContractNegotiation>(response.Body, cancellationToken).ConfigureAwait(false);
            await _store.SetPeerPidAsync(message.ProcessId, negotiation.ProviderPid, cancellationToken).ConfigureAwait(false);
            // Stored before the message is completed: a crash in between sends the request again and reacts twice at worst.
            await _outbox.ScheduleStepAsync(ReactAsConsumer(message.ProcessId, NegotiationStep.ProviderAnswered).Steps[0], _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        else if (message.MessageType == ContractAgreementVerificationMessage.TypeName)
        {
            if (await _store.GetAsync(message.ProcessId, cancellationToken).ConfigureAwait(false) is { State: NegotiationState.Agreed } agreed)
            {
                await TransitionAsync(agreed, NegotiationState.Verified, null, cancellationToken).ConfigureAwait(false);
            }

            VerificationAcknowledged(message.ProcessId);
        }
    }

    /// <inheritdoc/>
    public async Task FailedAsync(OutboxMessage message, string reason, CancellationToken cancellationToken)
    {
        if (message.MessageType == ContractNegotiationTerminationMessage.TypeName)
        {
            return; // The peer may ignore or refuse a termination; ours stands.
        }

        if (await _store.GetAsync(message.ProcessId, cancellationToken).ConfigureAwait(false) is { } record && !record.State.IsTerminal())
        {
            // The peer is told (when it is known), or it would wait forever for what we gave up sending.
            var error = $"{message.MessageType} could not be delivered: {reason}";
            var termination = record.PeerPid is null ? null : Message(record, $"/negotiations/{Uri.EscapeDataString(record.PeerPid)}/termination", new ContractNegotiationTerminationMessage
            {
                ProviderPid = record.ProviderPid!,
                ConsumerPid = record.ConsumerPid!,
                Code = "delivery-failed",
                Reason = [JsonValue.Create(error)],
            });
            await TransitionAsync(record, NegotiationState.Terminated, termination, cancellationToken, error: error, effects: DiscardPending).ConfigureAwait(false);
        }
    }

#pragma warning disable CA1068 // The handler lambda reads best last at the call sites; the token still flows to every I/O call.
    private async Task<ProtocolResult<ContractNegotiation>> HandleAsync(
        VerifiedCaller caller, ProcessRole role, string pid, string? providerPid, string? consumerPid, CancellationToken cancellationToken,
        Func<ContractNegotiationRecord, Task<ProtocolResult<ContractNegotiation>>> handle, bool allowTerminated = false, string? peerTermination = null)
    {
        var record = await _store.GetAsync(pid, cancellationToken).ConfigureAwait(false);
        if (record is { Role: ProcessRole.Consumer, PeerPid: { } peerPid } && role == ProcessRole.Consumer && record.CounterPartyId != caller.Did
            && consumerPid == pid && providerPid == peerPid && !record.State.IsTerminal())
        {
            await EndMisidentifiedAsync(record, caller, peerTermination, cancellationToken).ConfigureAwait(false);
        }

        if (ProcessGuard.Refusal<ContractNegotiation>(Kind, Identity(record), caller, role, pid, providerPid, consumerPid) is { } refused)
        {
            return refused;
        }

        if (record!.State == NegotiationState.Terminated && !allowTerminated)
        {
            return Illegal(record, "a message", "a state other than TERMINATED");
        }

        var theirs = role == ProcessRole.Provider ? consumerPid : providerPid;
        return await ProcessGuard.RetryOnConflictAsync(
            record,
            current => handle(current.PeerPid is null && theirs is not null ? current with { PeerPid = theirs } : current),
            () => _store.GetAsync(pid, cancellationToken)).ConfigureAwait(false);
    }

    private static ProcessIdentity? Identity(ContractNegotiationRecord? record) =>
        record is null ? null : new(record.Id, record.Role, record.CounterPartyId, record.PeerPid);
#pragma warning restore CA1068

    /// <summary>
    /// A message for one of our consumer negotiations, naming both its pids (which only the provider was given), comes
    /// from a caller we identify as someone other than the provider: in practice the provider's token maps to the wrong
    /// participant id here. The message is still refused, but every later message of the provider would be too, so the
    /// negotiation ends now with that reason instead of waiting for what can never be accepted.
    /// </summary>
    private async Task EndMisidentifiedAsync(ContractNegotiationRecord record, VerifiedCaller caller, string? peerTermination, CancellationToken cancellationToken)
    {
        var identity = $"this connector identifies the sender as '{caller.Did}', not as the provider '{record.CounterPartyId}' "
            + "(with static tokens, Connector:Dsp:StaticTokens maps the provider's token to the wrong participant id)";
        LogMisidentifiedProvider(_logger, record.Id, caller.Did, record.CounterPartyId);
        if (peerTermination is not null)
        {
            // The provider has ended it already: nothing to tell it.
            await TransitionAsync(record, NegotiationState.Terminated, null, cancellationToken,
                error: $"the provider terminated the negotiation{peerTermination}; its message was refused: {identity}", effects: DiscardPending).ConfigureAwait(false);
            return;
        }

        var error = $"a message from the provider was refused, so the negotiation cannot go on: {identity}";
        var termination = Message(record, $"/negotiations/{Uri.EscapeDataString(record.PeerPid!)}/termination", new ContractNegotiationTerminationMessage
        {
            ProviderPid = record.ProviderPid!,
            ConsumerPid = record.ConsumerPid!,
            Code = "counterparty-not-recognised",
            Reason = [JsonValue.Create(error)],
        });
        await TransitionAsync(record, NegotiationState.Terminated, termination, cancellationToken, error: error, effects: DiscardPending).ConfigureAwait(false);
    }

    private static string TerminationReason(ContractNegotiationTerminationMessage message) =>
        (message.Code is null ? "" : $" ({message.Code})") + (message.Reason is { Count: > 0 } r ? ": " + string.Join("; ", r.Select(x => x?.ToJsonString())) : "");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Negotiation {Id}: a message naming its pids came from {Caller}, not the provider {Provider}; the negotiation is terminated (check the token mapping)")]
    private static partial void LogMisidentifiedProvider(ILogger logger, string id, string caller, string provider);

    private async Task<ProtocolResult<ContractNegotiation>> MoveAsync(ContractNegotiationRecord record, NegotiationState to, OutboxMessage? message, CancellationToken cancellationToken,
        string? error = null, string? agreementId = null, JsonObject? offer = null, ProcessEffects? effects = null)
    {
        if (!await TransitionAsync(record, to, message, cancellationToken, error, agreementId, offer, effects).ConfigureAwait(false))
        {
            var current = await _store.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
            return current?.State == to
                ? ProtocolResult<ContractNegotiation>.Ok(ToDsp(current))
                : ProtocolResult<ContractNegotiation>.BadRequest(ProcessGuard.ConflictCode, $"the negotiation moved to {current?.State.ToDsp()} meanwhile");
        }

        return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record with { State = to }));
    }

    // The table's refusal of a message from the counter-party, naming the states in which it would have been allowed.
    private static ProtocolResult<ContractNegotiation> Illegal(ContractNegotiationRecord record, NegotiationMessageKind message) =>
        Illegal(record, NegotiationTransitions.NameOf(message), NegotiationTransitions.Table.Expected(message, record.Role.CounterParty()));

    private static ProtocolResult<ContractNegotiation> Illegal(ContractNegotiationRecord record, string what, string expected) =>
        ProtocolResult<ContractNegotiation>.BadRequest("illegal-state", $"{what} is not allowed in state {record.State.ToDsp()}; expected {expected}");
}
