using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Policy;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Negotiation;

/// <summary>The provider's side of the negotiation state machine.</summary>
public sealed partial class NegotiationManager
{
    private const string UseAction = "http://www.w3.org/ns/odrl/2/use";

    /// <summary>A consumer's first request (POST /negotiations/request).</summary>
    public async Task<ProtocolResult<ContractNegotiation>> OnRequestAsync(VerifiedCaller caller, ContractRequestMessage message, CancellationToken cancellationToken)
    {
        if (message.ProviderPid is not null)
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-message", "a first request must not carry a providerPid; send counter-requests to /negotiations/{providerPid}/request");
        }

        if (string.IsNullOrWhiteSpace(message.CallbackAddress) || !Uri.TryCreate(message.CallbackAddress, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https"))
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-callback", "a first request needs an absolute http(s) callbackAddress");
        }

        var existing = await _store.FindByPeerAsync(ProcessRole.Provider, caller.Did, message.ConsumerPid, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return RepeatedRequest(existing, message);
        }

        var (offer, problem) = await MatchOfferAsync(caller, message.Offer, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return ProtocolResult<ContractNegotiation>.BadRequest("invalid-offer", problem);
        }

        var now = _time.GetUtcNow();
        var record = new ContractNegotiationRecord
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Role = ProcessRole.Provider,
            PeerPid = message.ConsumerPid,
            State = NegotiationState.Requested,
            CounterPartyId = caller.Did,
            CounterPartyAddress = message.CallbackAddress.TrimEnd('/'),
            OfferId = offer!.Id!,
            AssetId = offer.Target!,
            Offer = ToJson(offer),
            CounterPartyClaims = JsonSerializer.Serialize(caller),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var (stored, created) = await _store.CreateAsync(record, Decide(record.Id, NegotiationStep.Requested), cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            return RepeatedRequest(stored, message); // the same consumerPid arrived twice at once
        }

        return ProtocolResult<ContractNegotiation>.Ok(ToDsp(stored), StatusCodes.Status201Created);
    }

    /// <summary>
    /// A first request for a consumerPid we already hold. The consumer's original message sent again (its outbox
    /// retries after a lost answer) gets the negotiation as it is; a request for another offer (or target, or callback)
    /// under the same consumerPid is not a repeat, and is refused without touching the negotiation.
    /// </summary>
    private static ProtocolResult<ContractNegotiation> RepeatedRequest(ContractNegotiationRecord existing, ContractRequestMessage message)
    {
        var difference =
            message.Offer.Id != existing.OfferId ? $"offer '{message.Offer.Id}' (it negotiates offer '{existing.OfferId}')"
            : message.Offer.Target is { } target && target != existing.AssetId ? $"target '{target}' (it is for dataset '{existing.AssetId}')"
            : !Policies.PolicyService.SameRules(message.Offer, FromJson(existing.Offer)) ? $"rules for offer '{existing.OfferId}' than first requested"
            : existing.CounterPartyAddress != message.CallbackAddress!.TrimEnd('/') ? $"callbackAddress '{message.CallbackAddress}' (it reports to '{existing.CounterPartyAddress}')"
            : null;
        return difference is null
            ? ProtocolResult<ContractNegotiation>.Ok(ToDsp(existing), StatusCodes.Status201Created)
            : ProtocolResult<ContractNegotiation>.Error(StatusCodes.Status409Conflict, "consumer-pid-in-use",
                $"consumerPid '{message.ConsumerPid}' already names negotiation '{existing.Id}' with you, requested with another {difference}; a new negotiation needs a new consumerPid");
    }

    /// <summary>A consumer's counter-request (POST /negotiations/{providerPid}/request).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnCounterRequestAsync(VerifiedCaller caller, string providerPid, ContractRequestMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Provider, providerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Request);
            if (!transition.IsMove)
            {
                return Illegal(record, NegotiationMessageKind.Request);
            }

            var (offer, problem) = await MatchOfferAsync(caller, message.Offer with { Target = message.Offer.Target ?? record.AssetId }, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-offer", problem);
            }

            return await MoveAsync(record, transition.To, null, cancellationToken, offer: ToJson(offer!),
                effects: Decide(record.Id, NegotiationStep.CounterRequested)).ConfigureAwait(false);
        });

    /// <summary>The consumer's ACCEPTED event (POST /negotiations/{providerPid}/events).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnProviderEventAsync(VerifiedCaller caller, string providerPid, ContractNegotiationEventMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Provider, providerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            if (message.EventType is not ("ACCEPTED" or "https://w3id.org/dspace/2025/1/ACCEPTED"))
            {
                return ProtocolResult<ContractNegotiation>.BadRequest("invalid-event", $"a consumer may only send the ACCEPTED event, not '{message.EventType}'");
            }

            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Accepted);
            if (transition.IsRepeat)
            {
                return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, NegotiationMessageKind.Accepted);
            }

            return await MoveAsync(record, transition.To, null, cancellationToken, effects: Decide(record.Id, NegotiationStep.Accepted)).ConfigureAwait(false);
        });

    /// <summary>The consumer's verification (POST /negotiations/{providerPid}/agreement/verification).</summary>
    public Task<ProtocolResult<ContractNegotiation>> OnVerificationAsync(VerifiedCaller caller, string providerPid, ContractAgreementVerificationMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Provider, providerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = NegotiationTransitions.Incoming(record, NegotiationMessageKind.Verification);
            if (transition.IsRepeat)
            {
                return ProtocolResult<ContractNegotiation>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, NegotiationMessageKind.Verification);
            }

            return await MoveAsync(record, transition.To, null, cancellationToken, effects: Then(record.Id, FinalizeStep)).ConfigureAwait(false);
        });

    /// <summary>
    /// Asks the <see cref="INegotiationReactions"/> hook, then (by default) evaluates the contract policy for the
    /// consumer and agrees, or terminates with the reason.
    /// </summary>
    /// <returns>True when the transition made removed <paramref name="processStep"/> with it.</returns>
    internal async Task<bool> DecideAsync(string id, NegotiationStep step, ProcessStep? processStep, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Provider, State: NegotiationState.Requested or NegotiationState.Accepted })
        {
            return false;
        }

        if (await ReactOtherwiseAsync(record, step, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var offerDefinition = await _offers.GetAsync(record.OfferId, cancellationToken).ConfigureAwait(false);
        var contract = offerDefinition is null ? null : await _policies.GetAsync(offerDefinition.ContractPolicyId, cancellationToken).ConfigureAwait(false);
        var consumerPid = record.PeerPid!;
        var caller = record.CounterPartyClaims is { } claims ? JsonSerializer.Deserialize<VerifiedCaller>(claims)! : new VerifiedCaller { Did = record.CounterPartyId };
        string? denial;

        // The access policy may have been tightened since the request: an offer now hidden from the consumer is gone for it.
        if (contract is null || !await VisibleAsync(offerDefinition!, caller, cancellationToken).ConfigureAwait(false))
        {
            denial = $"the offer '{record.OfferId}' is no longer available";
        }
        else
        {
            denial = await EvaluateAsync(contract.Policy, caller, record.AssetId, record.Id, cancellationToken).ConfigureAwait(false);
        }

        if (denial is not null)
        {
            var termination = new ContractNegotiationTerminationMessage
            {
                ProviderPid = record.Id,
                ConsumerPid = consumerPid,
                Code = "policy-denied",
                Reason = [JsonValue.Create(denial)],
            };
            return await TransitionAsync(record, NegotiationState.Terminated, Message(record, $"/negotiations/{Uri.EscapeDataString(consumerPid)}/termination", termination), cancellationToken,
                error: denial, effects: new ProcessEffects { CompletedStep = processStep }).ConfigureAwait(false) && processStep is not null;
        }

        var now = _time.GetUtcNow();
        var offer = FromJson(record.Offer);
        var agreement = offer with
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Type = "Agreement",
            Target = record.AssetId,
            Assigner = _self.ParticipantId,
            Assignee = record.CounterPartyId,
            Timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        };
        var stored = new ContractAgreementRecord(agreement.Id!, record.Id, _self.ParticipantId, record.CounterPartyId, record.AssetId, ToJson(agreement), now);
        var message = new ContractAgreementMessage { ProviderPid = record.Id, ConsumerPid = consumerPid, Agreement = FromJson(stored.Policy) };
        // The agreement is stored with the move to AGREED and its message, or not at all.
        return await TransitionAsync(record, NegotiationState.Agreed, Message(record, $"/negotiations/{Uri.EscapeDataString(consumerPid)}/agreement", message), cancellationToken,
            agreementId: stored.Id, effects: new ProcessEffects { Agreement = stored, CompletedStep = processStep }).ConfigureAwait(false) && processStep is not null;
    }

    /// <returns>True when the transition made removed <paramref name="processStep"/> with it.</returns>
    private async Task<bool> FinalizeAsync(string id, ProcessStep processStep, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Provider, State: NegotiationState.Verified })
        {
            return false;
        }

        if (await ReactOtherwiseAsync(record, NegotiationStep.Verified, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var finalized = new ContractNegotiationEventMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, EventType = "FINALIZED" };
        return await TransitionAsync(record, NegotiationState.Finalized, Message(record, $"/negotiations/{Uri.EscapeDataString(record.PeerPid!)}/events", finalized), cancellationToken,
            effects: new ProcessEffects { CompletedStep = processStep }).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the hook's reaction when it is not <see cref="NegotiationReactionKind.Proceed"/>: an offer (only from
    /// REQUESTED), waiting, or a termination. True when the reaction was applied and the caller must not proceed.
    /// </summary>
    private async Task<bool> ReactOtherwiseAsync(ContractNegotiationRecord record, NegotiationStep step, CancellationToken cancellationToken)
    {
        var reaction = await _reactions.ReactAsync(new NegotiationReactionContext
        {
            NegotiationId = record.Id,
            Step = step,
            AssetId = record.AssetId,
            OfferId = record.OfferId,
            CounterPartyId = record.CounterPartyId,
        }, cancellationToken).ConfigureAwait(false);
        var consumerPid = record.PeerPid!;
        if (reaction.Kind == NegotiationReactionKind.Offer && record.State == NegotiationState.Requested)
        {
            var offer = FromJson(record.Offer) with { Type = "Offer", Target = record.AssetId, Assigner = _self.ParticipantId, Assignee = record.CounterPartyId };
            var message = new ContractOfferMessage { ProviderPid = record.Id, ConsumerPid = consumerPid, Offer = offer };
            if (await TransitionAsync(record, NegotiationState.Offered, Message(record, $"/negotiations/{Uri.EscapeDataString(consumerPid)}/offers", message), cancellationToken).ConfigureAwait(false))
            {
                // The hook may follow its own offer up (e.g. withdraw it); the outbox sends that after the offer.
                await ReactOtherwiseAsync(record with { State = NegotiationState.Offered }, NegotiationStep.Offered, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        var reason = reaction.Kind switch
        {
            NegotiationReactionKind.Terminate => reaction.Reason,
            // An offer answers a request; after an acceptance or a verification there is nothing left to offer.
            NegotiationReactionKind.Offer => $"the provider cannot make an offer at the {step} step; the negotiation is {record.State.ToDsp()}",
            _ => null,
        };
        if (reason is not null)
        {
            var termination = new ContractNegotiationTerminationMessage
            {
                ProviderPid = record.Id,
                ConsumerPid = consumerPid,
                Code = "terminated-by-provider",
                Reason = [JsonValue.Create(reason)],
            };
            await TransitionAsync(record, NegotiationState.Terminated, Message(record, $"/negotiations/{Uri.EscapeDataString(consumerPid)}/termination", termination), cancellationToken, error: reason).ConfigureAwait(false);
        }

        return reaction.Kind != NegotiationReactionKind.Proceed;
    }

    /// <summary>Null when the policy permits <paramref name="caller"/> to use the asset, else the one-line reason.</summary>
    private async Task<string?> EvaluateAsync(JsonObject policy, VerifiedCaller caller, string assetId, string negotiationId, CancellationToken cancellationToken)
    {
        try
        {
            var evaluation = await _policyService.EvaluateAsync(policy, new PolicyRequest
            {
                Scope = PolicyScope.Negotiation,
                Party = Policies.PolicyService.Party(caller),
                Action = UseAction,
                Target = assetId,
                Time = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            await _audit.AppendAsync(AuditRecords.PolicyDecision(evaluation, _self.ParticipantId, caller.Did, negotiationId, null), cancellationToken).ConfigureAwait(false);
            return evaluation.IsPermitted ? null : $"the contract policy does not permit {caller.Did}: {evaluation.Reason}";
        }
        catch (PolicyValidationException e)
        {
            var reason = $"the contract policy is invalid: {e.Message}";
            await _audit.AppendAsync(AuditRecords.PolicyInvalid(reason, nameof(PolicyScope.Negotiation), _self.ParticipantId, caller.Did, negotiationId, null), cancellationToken).ConfigureAwait(false);
            return reason;
        }
    }

    /// <summary>
    /// Finds our offer for a consumer's offer: same id, same target, same rules, and an access policy that lets
    /// <paramref name="caller"/> see it in the catalog.
    /// </summary>
    /// <remarks>
    /// An offer hidden from the caller is answered exactly like one that does not exist, before anything about it
    /// (its dataset, its rules) is compared: otherwise the answers would tell which hidden offer ids exist.
    /// </remarks>
    private async Task<(OdrlPolicy? Offer, string? Problem)> MatchOfferAsync(VerifiedCaller caller, OdrlPolicy requested, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(requested.Id))
        {
            return (null, "the offer has no @id; use the offer id from the catalog");
        }

        var definition = await _offers.GetAsync(requested.Id, cancellationToken).ConfigureAwait(false);
        if (definition is null || !await VisibleAsync(definition, caller, cancellationToken).ConfigureAwait(false))
        {
            return (null, NoSuchOffer(requested.Id));
        }

        if (requested.Target is null)
        {
            return (null, $"the offer has no target; expected the dataset id '{definition.AssetId}'");
        }

        if (requested.Target != definition.AssetId)
        {
            return (null, $"the offer's target '{requested.Target}' is not the dataset '{definition.AssetId}' this offer is for");
        }

        var contract = await _policies.GetAsync(definition.ContractPolicyId, cancellationToken).ConfigureAwait(false);
        if (contract is null)
        {
            return (null, $"the offer '{requested.Id}' is no longer available");
        }

        var ours = await _policyService.ToDspAsync(contract.Policy, definition.Id, definition.AssetId, cancellationToken).ConfigureAwait(false);
        return Policies.PolicyService.SameRules(ours, requested)
            ? (ours with { Type = "Offer" }, null)
            : (null, $"the offer's rules differ from offer '{definition.Id}' in the catalog");
    }

    /// <summary>The one answer for an offer id that does not exist and for one whose access policy hides it from the caller.</summary>
    private static string NoSuchOffer(string offerId) => $"no offer with id '{offerId}'";

    /// <summary>Whether the offer's access policy permits the caller, as the catalog decides it (same claims, same scope).</summary>
    private async Task<bool> VisibleAsync(OfferDefinition definition, VerifiedCaller caller, CancellationToken cancellationToken) =>
        await _policies.GetAsync(definition.AccessPolicyId, cancellationToken).ConfigureAwait(false) is { } access
        && await _policyService.PermitsAccessAsync(access.Policy.ToJsonString(), Policies.PolicyService.Party(caller), definition.AssetId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
}
