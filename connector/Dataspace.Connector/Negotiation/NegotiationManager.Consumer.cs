using System.Collections.Concurrent;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Negotiation;

/// <summary>The consumer's side of the negotiation state machine.</summary>
public sealed partial class NegotiationManager
{
    /// <summary>Starts a negotiation with a provider for one of its offers (stored before the request is sent).</summary>
    public async Task<ContractNegotiationRecord> RequestAsync(string providerDspUrl, string providerId, OdrlPolicy offer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(offer.Id) || string.IsNullOrWhiteSpace(offer.Target))
        {
            throw new ArgumentException("the offer needs its @id and its target (the dataset id), as the provider's catalog gives them", nameof(offer));
        }

        var now = _time.GetUtcNow();
        var record = new ContractNegotiationRecord
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Role = ProcessRole.Consumer,
            State = NegotiationState.Requested,
            CounterPartyId = providerId,
            CounterPartyAddress = providerDspUrl.TrimEnd('/'),
            OfferId = offer.Id,
            AssetId = offer.Target,
            Offer = ToJson(offer),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var request = new ContractRequestMessage { ConsumerPid = record.Id, Offer = offer, CallbackAddress = _self.DspUrl };
        await _store.CreateAsync(record, ProcessEffects.Send(Message(record, "/negotiations/request", request, OutboxPurpose.OpenProcess)), cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Accepts the provider's latest offer (consumer, in OFFERED).</summary>
    public async Task<ProtocolResult<ContractNegotiationRecord>> AcceptOfferAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Consumer })
        {
            return ProtocolResult<ContractNegotiationRecord>.NotFound($"no consumer negotiation '{id}'");
        }

        if (record.State != NegotiationState.Offered || record.PeerPid is null)
        {
            return ProtocolResult<ContractNegotiationRecord>.BadRequest("illegal-state", $"only an OFFERED negotiation can be accepted; this one is {record.State.ToDsp()}");
        }

        var message = new ContractNegotiationEventMessage { ProviderPid = record.PeerPid, ConsumerPid = record.Id, EventType = "ACCEPTED" };
        return await TransitionAsync(record, NegotiationState.Accepted, Message(record, $"/negotiations/{Uri.EscapeDataString(record.PeerPid)}/events", message), cancellationToken).ConfigureAwait(false)
            ? ProtocolResult<ContractNegotiationRecord>.Ok((await _store.GetAsync(id, cancellationToken).ConfigureAwait(false))!)
            : ProtocolResult<ContractNegotiationRecord>.BadRequest("conflict", "the negotiation changed meanwhile; try again");
    }

    /// <summary>A provider starts a negotiation with an offer (POST /negotiations/offers on the consumer).</summary>
    public async Task<ProtocolResult<ContractNegotiation>> OnInitialOfferAsync(VerifiedCaller caller, ContractOfferMessage message, CancellationToken cancellationToken)
    {
        if (message.ConsumerPid is not null)
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-message", "an initial offer must not carry a consumerPid; send later offers to /negotiations/{consumerPid}/offers");
        }

        if (string.IsNullOrWhiteSpace(message.CallbackAddress) || !Uri.TryCreate(message.CallbackAddress, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https"))
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-callback", "an initial offer needs an absolute http(s) callbackAddress");
        }

        if (message.Offer.Id is null || message.Offer.Target is null)
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-offer", "the offer needs an @id and a target");
        }

        var existing = await _store.FindByPeerAsync(ProcessRole.Consumer, caller.Did, message.ProviderPid, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return ProtocolResult<ContractNegotiation>.Ok(ToDsp(existing), StatusCodes.Status201Created);
        }

        var now = _time.GetUtcNow();
        var record = new ContractNegotiationRecord
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Role = ProcessRole.Consumer,
            PeerPid = message.ProviderPid,
            State = NegotiationState.Offered,
            CounterPartyId = caller.Did,
            CounterPartyAddress = message.CallbackAddress.TrimEnd('/'),
            OfferId = message.Offer.Id,
            AssetId = message.Offer.Target,
            Offer = ToJson(message.Offer),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var (stored, _) = await _store.CreateAsync(record, ProcessEffects.None, cancellationToken).ConfigureAwait(false);
        return ProtocolResult<ContractNegotiation>.Ok(ToDsp(stored), StatusCodes.Status201Created);
    }

    /// <summary>The provider's counter-offer (POST /negotiations/{consumerPid}/offers).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnOfferAsync(VerifiedCaller caller, string consumerPid, ContractOfferMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Consumer, consumerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            // A repeated offer is taken again as before: the provider may have revised it while its first was unanswered.
            if (NegotiationTransitions.Incoming(record, NegotiationMessageKind.Offer).IsIllegal)
            {
                return Illegal(record, NegotiationMessageKind.Offer);
            }

            if (message.Offer.Target is { } target && target != record.AssetId)
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-offer", $"the offer's target '{target}' is not the dataset '{record.AssetId}' being negotiated");
            }

            return await MoveAsync(record, NegotiationState.Offered, null, cancellationToken, offer: ToJson(message.Offer with { Target = record.AssetId }),
                effects: ReactAsConsumer(record.Id, NegotiationStep.OfferReceived)).ConfigureAwait(false);
        });

    /// <summary>The provider's agreement (POST /negotiations/{consumerPid}/agreement).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnAgreementAsync(VerifiedCaller caller, string consumerPid, ContractAgreementMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Consumer, consumerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            // The same agreement again is the provider's message resent (after its restart, say), even once we have
            // verified it or it was finalized: acknowledged, or the provider would give up on a negotiation that succeeded.
            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Agreement);
            if (transition.IsRepeat && record.AgreementId == message.Agreement.Id)
            {
                return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record));
            }

            if (!transition.IsMove)
            {
                return Illegal(record, NegotiationMessageKind.Agreement);
            }

            var agreement = message.Agreement;
            var problem = agreement switch
            {
                { Id: null or "" } => "the agreement has no @id",
                { Target: null } => "the agreement has no target",
                _ when agreement.Target != record.AssetId => $"the agreement's target '{agreement.Target}' is not the dataset '{record.AssetId}' requested",
                { Assigner: null } or { Assignee: null } => "the agreement must name its assigner and assignee",
                { Timestamp: null } => "the agreement has no timestamp",
                _ when !Policies.PolicyService.SameRules(agreement, FromJson(record.Offer)) => "the agreement's rules differ from the offer agreed on",
                _ => null,
            };
            if (problem is not null)
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-agreement", problem);
            }

            // The reactions hook may refuse the agreement: it is kept as AGREED, not verified, and we terminate.
            var reaction = await _reactions.ReactAsync(ReactionContext(record, NegotiationStep.AgreementReceived), cancellationToken).ConfigureAwait(false);
            var providerPid = record.PeerPid ?? message.ProviderPid;
            if (await _agreements.GetAsync(agreement.Id!, cancellationToken).ConfigureAwait(false) is { } taken && taken.NegotiationId != record.Id)
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-agreement", $"the agreement id '{agreement.Id}' is taken by another negotiation's agreement; expected a new id");
            }

            // Stored with the move to AGREED, in its transaction.
            var stored = new ProcessEffects { Agreement = new ContractAgreementRecord(agreement.Id!, record.Id, record.CounterPartyId, _self.ParticipantId, record.AssetId, ToJson(agreement), _time.GetUtcNow()) };
            var verification = new ContractAgreementVerificationMessage { ProviderPid = providerPid, ConsumerPid = record.Id };
            var next = record with { PeerPid = providerPid };
            if (reaction.Kind == NegotiationReactionKind.Terminate)
            {
                return await MoveAsync(next, NegotiationState.Agreed, null, cancellationToken, agreementId: agreement.Id,
                    effects: Then(record.Id, TerminateStep, reaction.Reason, stored)).ConfigureAwait(false);
            }

            return await MoveAsync(next, NegotiationState.Agreed,
                Message(next, $"/negotiations/{Uri.EscapeDataString(providerPid)}/agreement/verification", verification), cancellationToken, agreementId: agreement.Id, effects: stored).ConfigureAwait(false);
        });

    private static NegotiationReactionContext ReactionContext(ContractNegotiationRecord record, NegotiationStep step) => new()
    {
        NegotiationId = record.Id,
        Step = step,
        AssetId = record.AssetId,
        OfferId = record.OfferId,
        CounterPartyId = record.CounterPartyId,
    };

    /// <summary>
    /// Asks the <see cref="INegotiationReactions"/> hook what the consumer does at <paramref name="step"/>: accept or
    /// counter the provider's offer, or terminate. Proceed and Wait leave the next move to our operator or the provider.
    /// </summary>
    private async Task ReactAsConsumerAsync(string id, NegotiationStep step, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Consumer } || record.State.IsTerminal())
        {
            return;
        }

        var reaction = await _reactions.ReactAsync(ReactionContext(record, step), cancellationToken).ConfigureAwait(false);
        switch (reaction.Kind)
        {
            case NegotiationReactionKind.Accept when record.State == NegotiationState.Offered:
                await AcceptOfferAsync(id, cancellationToken).ConfigureAwait(false);
                break;
            case NegotiationReactionKind.Offer when record.State == NegotiationState.Offered && record.PeerPid is { } providerPid:
                var request = new ContractRequestMessage { ProviderPid = providerPid, ConsumerPid = record.Id, Offer = FromJson(record.Offer) };
                await TransitionAsync(record, NegotiationState.Requested, Message(record, $"/negotiations/{Uri.EscapeDataString(providerPid)}/request", request), cancellationToken).ConfigureAwait(false);
                break;
            case NegotiationReactionKind.Accept or NegotiationReactionKind.Offer:
                await TerminateAsync(id, $"the consumer cannot {reaction.Kind.ToString().ToLowerInvariant()} at the {step} step; the negotiation is {record.State.ToDsp()}", cancellationToken).ConfigureAwait(false);
                break;
            case NegotiationReactionKind.Terminate:
                await TerminateAsync(id, reaction.Reason!, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The provider's FINALIZED event (POST /negotiations/{consumerPid}/events).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnConsumerEventAsync(VerifiedCaller caller, string consumerPid, ContractNegotiationEventMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Consumer, consumerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            if (message.EventType is not ("FINALIZED" or "https://w3id.org/dspace/2025/1/FINALIZED"))
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-event", $"a provider may only send the FINALIZED event, not '{message.EventType}'");
            }

            if (NegotiationTransitions.Incoming(record, NegotiationMessageKind.Finalized).IsRepeat)
            {
                return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record));
            }

            if (record.State == NegotiationState.Agreed)
            {
                (record, var inFlight) = await AwaitVerificationAcknowledgedAsync(record, cancellationToken).ConfigureAwait(false);
                if (inFlight)
                {
                    // Our verification is being sent and its answer is not back yet (a loaded host, a provider that
                    // finalizes before it answers): the provider may well have it. A 400 would make it give up on (or
                    // terminate) a negotiation it considers verified; a 503 with Retry-After has its outbox send FINALIZED
                    // again, by when the acknowledgement is recorded. A verification the provider answered with an error
                    // waits unclaimed for its next attempt and still gets the refusal below.
                    return ProtocolResult<ContractNegotiation>.Error(StatusCodes.Status503ServiceUnavailable, "verification-in-flight",
                        "our ContractAgreementVerificationMessage for this negotiation is still being delivered and its acknowledgement is not recorded yet; send the FINALIZED event again shortly");
                }
            }

            // We are VERIFIED once the provider acknowledged our verification (DSP 2025-1; the TCK's CN_C:03-06 finalizes
            // a negotiation whose verification it answers with 404 and expects a refusal).
            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Finalized);
            return transition.IsMove
                ? await MoveAsync(record, transition.To, null, cancellationToken).ConfigureAwait(false)
                : Illegal(record, NegotiationTransitions.NameOf(NegotiationMessageKind.Finalized), "VERIFIED (our verification acknowledged by the provider)");
        });

    /// <summary>
    /// A provider finalizes right after acknowledging our verification, so its FINALIZED event can overtake our outbox
    /// recording that acknowledgement: while the verification is still being delivered, wait briefly for it. Returns the
    /// negotiation as it is then, and whether the verification is still in flight (claimed, its answer not back).
    /// </summary>
    /// <remarks>
    /// Past the wait, a verification waiting unclaimed for its next attempt was answered with an error (or never sent), so
    /// the provider did not acknowledge it; one claimed is given a little longer to settle, since a retry against a
    /// provider that refuses it (the TCK's CN_C:03-06 answers 404) comes back at once and must still end in a refusal.
    /// </remarks>
    private async Task<(ContractNegotiationRecord Record, bool InFlight)> AwaitVerificationAcknowledgedAsync(ContractNegotiationRecord record, CancellationToken cancellationToken)
    {
        var id = record.Id;
        var acknowledged = _verificationAcknowledged.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            // Read again once watching: an acknowledgement recorded since the caller read the record wakes nobody.
            record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? record;

            // A verification waiting out its back-off (an attempt that got no answer: the provider or we restarted, the
            // network failed) may have reached the provider all the same, as its FINALIZED suggests: try it again now,
            // and let the provider's answer decide (a repeat is acknowledged; one it never accepted is refused again).
            await _outbox.ExpediteAsync(id, ContractAgreementVerificationMessage.TypeName, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var deadline = _time.GetUtcNow() + VerificationAcknowledgementWait;
            var inFlight = false;
            while (record.State == NegotiationState.Agreed
                && await _outbox.IsPendingAsync(id, ContractAgreementVerificationMessage.TypeName, cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                if (now >= deadline)
                {
                    inFlight = await _outbox.IsClaimedAsync(id, ContractAgreementVerificationMessage.TypeName, cancellationToken).ConfigureAwait(false);
                    if (!inFlight || now >= deadline + VerificationInFlightSettle)
                    {
                        break;
                    }
                }

                // This race is common on a fast network: woken as soon as our outbox records the acknowledgement, the
                // re-check still covers another instance sharing the database recording it.
                await Task.WhenAny(acknowledged.Task, Task.Delay(VerificationRecheck, _time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? record;
            }

            record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? record;
            return (record, inFlight && record.State == NegotiationState.Agreed);
        }
        finally
        {
            _verificationAcknowledged.TryRemove(KeyValuePair.Create(id, acknowledged));
        }
    }

    /// <summary>Wakes a FINALIZED event waiting in <see cref="AwaitVerificationAcknowledgedAsync"/> for this negotiation.</summary>
    private void VerificationAcknowledged(string id)
    {
        if (_verificationAcknowledged.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private static readonly TimeSpan VerificationAcknowledgementWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan VerificationInFlightSettle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan VerificationRecheck = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _verificationAcknowledged = new(StringComparer.Ordinal);
}
