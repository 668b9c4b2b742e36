using Dataspace.Connector.Audit;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Connector.Storage;
using Dataspace.Dsp;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Policy;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Transfer;

/// <summary>The provider's side of the transfer state machine and its data plane.</summary>
public sealed partial class TransferManager : IDataAccessGuard, ITransferEvents
{
    /// <summary>A consumer asks for a transfer under an agreement (POST /transfers/request).</summary>
    public async Task<ProtocolResult<TransferProcess>> OnRequestAsync(VerifiedCaller caller, TransferRequestMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.CallbackAddress) || !Uri.TryCreate(message.CallbackAddress, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https"))
        {
            return ProtocolResult<TransferProcess>.BadRequest("invalid-callback", "a transfer request needs an absolute http(s) callbackAddress");
        }

        var existing = await _store.FindByPeerAsync(ProcessRole.Provider, caller.Did, message.ConsumerPid, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return RepeatedRequest(existing, message);
        }

        var agreement = await _agreements.GetAsync(message.AgreementId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || agreement.ConsumerId != caller.Did || agreement.ProviderId != _self.ParticipantId)
        {
            return ProtocolResult<TransferProcess>.BadRequest("unknown-agreement", $"no agreement '{message.AgreementId}' between this provider and you");
        }

        var negotiation = await _negotiations.GetAsync(agreement.NegotiationId, cancellationToken).ConfigureAwait(false);
        if (negotiation?.State is not (NegotiationState.Finalized or NegotiationState.Verified))
        {
            return ProtocolResult<TransferProcess>.BadRequest("agreement-not-final", $"the agreement's negotiation is {negotiation?.State.ToDsp()}, not FINALIZED");
        }

        if (!_channels.Channels.ContainsKey(message.Format))
        {
            return ProtocolResult<TransferProcess>.BadRequest("unsupported-format",
                $"transfer type '{message.Format}' is not supported; this connector offers {string.Join(", ", _channels.Channels.Keys.Order(StringComparer.Ordinal))}");
        }

        if (message.Format.EndsWith("-PUSH", StringComparison.Ordinal) && message.DataAddress is null)
        {
            return ProtocolResult<TransferProcess>.BadRequest("missing-data-address", $"a {message.Format} request needs a dataAddress to push to");
        }

        var now = _time.GetUtcNow();
        var record = new TransferProcessRecord
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Role = ProcessRole.Provider,
            PeerPid = message.ConsumerPid,
            State = TransferState.Requested,
            AgreementId = agreement.Id,
            AssetId = agreement.AssetId,
            TransferType = message.Format,
            CounterPartyId = caller.Did,
            CounterPartyAddress = message.CallbackAddress.TrimEnd('/'),
            DataAddress = message.DataAddress is null ? null : DspDataAddresses.ToPushDestination(message.DataAddress),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var (stored, created) = await _store.CreateAsync(record, Start(record.Id, caller), cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            return RepeatedRequest(stored, message); // the same consumerPid arrived twice at once
        }

        return ProtocolResult<TransferProcess>.Ok(ToDsp(stored), StatusCodes.Status201Created);
    }

    /// <summary>
    /// A request for a consumerPid we already hold. DSP asks providers to be idempotent for the consumer's original
    /// message sent again (its outbox retries after a lost answer): that gets the process as it is. A message that
    /// differs is not a repeat but another request reusing the id; it is refused and the process left as it is.
    /// </summary>
    private static ProtocolResult<TransferProcess> RepeatedRequest(TransferProcessRecord existing, TransferRequestMessage message)
    {
        var destination = message.DataAddress is null ? null : StoreJson.Write(DspDataAddresses.ToPushDestination(message.DataAddress));
        var difference =
            existing.AgreementId != message.AgreementId ? $"agreementId '{message.AgreementId}' (it is under '{existing.AgreementId}')"
            : existing.TransferType != message.Format ? $"format '{message.Format}' (it is a {existing.TransferType} transfer)"
            : existing.CounterPartyAddress != message.CallbackAddress!.TrimEnd('/') ? $"callbackAddress '{message.CallbackAddress}' (it reports to '{existing.CounterPartyAddress}')"
            : destination != (existing.DataAddress is null ? null : StoreJson.Write(existing.DataAddress)) ? "dataAddress (it pushes to the one first requested)"
            : null;
        return difference is null
            ? ProtocolResult<TransferProcess>.Ok(ToDsp(existing), StatusCodes.Status201Created)
            : ProtocolResult<TransferProcess>.Error(StatusCodes.Status409Conflict, "consumer-pid-in-use",
                $"consumerPid '{message.ConsumerPid}' already names transfer '{existing.Id}' with you, requested with another {difference}; a new transfer needs a new consumerPid");
    }

    /// <summary>The consumer asks to resume a suspended transfer (POST /transfers/{providerPid}/start).</summary>
    public Task<ProtocolResult<TransferProcess>> OnProviderStartAsync(VerifiedCaller caller, string providerPid, TransferStartMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Provider, providerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = TransferTransitions.Incoming(record, TransferMessageKind.Start);
            if (transition.IsRepeat)
            {
                return ProtocolResult<TransferProcess>.Ok(ToDsp(record));
            }

            if (transition.IsIllegal)
            {
                return Illegal(record, TransferMessageKind.Start);
            }

            // Resumed before the consumer is answered: queued work would be lost to a restart after the answer, and
            // nothing else would remember the consumer asked (its outbox resends the request only while unanswered).
            await StartAsync(record.Id, caller, cancellationToken).ConfigureAwait(false);
            return await _store.GetAsync(record.Id, cancellationToken).ConfigureAwait(false) is { } current
                ? ProtocolResult<TransferProcess>.Ok(ToDsp(current))
                : ProtocolResult<TransferProcess>.NotFound($"no transfer '{providerPid}' with you");
        });

    /// <inheritdoc/>
    /// <remarks>
    /// Requested transfers need no scan: their start is a stored step. A transfer with a destination is delivered by our
    /// channel, in memory: one interrupted by the restart is redone. With several instances on one database this is
    /// per instance: every instance that starts redelivers every STARTED push transfer (see docs/scaling.md).
    /// Pull transfers need nothing: the consumer comes for the data with the token it holds.
    /// </remarks>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await _store.InStateAsync(ProcessRole.Provider, TransferState.Started, cancellationToken).ConfigureAwait(false))
        {
            if (record.DataAddress is null)
            {
                continue;
            }

            try
            {
                await RedeliverAsync(record.Id, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One transfer failing to restart must not keep the others (or the worker) from starting.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogRedeliveryFailed(_logger, record.Id, e);
            }
        }
    }

    /// <summary>Starts the channel of a transfer that was STARTED before a restart again; terminates it with the reason if that fails.</summary>
    private async Task RedeliverAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Provider, State: TransferState.Started })
        {
            return;
        }

        var asset = await _assets.GetAsync(record.AssetId, cancellationToken).ConfigureAwait(false);
        var failure = asset is null ? "the asset no longer exists"
            : !_channels.Channels.TryGetValue(record.TransferType, out var channel) ? $"transfer type '{record.TransferType}' is no longer supported"
            : (await channel.StartAsync(StartContext(record, asset), cancellationToken).ConfigureAwait(false)).FailureReason;
        if (failure is null)
        {
            LogRedelivery(_logger, record.Id);
            return;
        }

        var reason = "the delivery interrupted by a restart could not be started again: " + failure;
        var termination = new TransferTerminationMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, Code = "delivery-failed", Reason = Reason(reason) };
        await TransitionAsync(record, TransferState.Terminated, ToPeer(record, "termination", termination), cancellationToken, error: reason).ConfigureAwait(false);
    }

    private TransferStartContext StartContext(TransferProcessRecord record, Asset asset) => new()
    {
        TransferId = record.Id,
        AgreementId = record.AgreementId,
        ConsumerId = record.CounterPartyId,
        AssetId = record.AssetId,
        Source = asset.DataAddress,
        Destination = record.DataAddress,
        PublicBaseUrl = _self.PublicBaseUrl,
    };

    /// <inheritdoc/>
    public async Task<DataAccessDecision> AuthorizeAsync(DataAccessRequest request, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(request.TransferId, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Provider } || record.CounterPartyId != request.ConsumerId)
        {
            return DataAccessDecision.Deny($"no transfer '{request.TransferId}' for {request.ConsumerId}", unknownTransfer: true);
        }

        if (record.State != TransferState.Started)
        {
            return DataAccessDecision.Deny($"the transfer is {record.State.ToDsp()}, not STARTED");
        }

        var agreement = await _agreements.GetAsync(record.AgreementId, cancellationToken).ConfigureAwait(false);
        var asset = await _assets.GetAsync(record.AssetId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || asset is null)
        {
            return DataAccessDecision.Deny("the agreement or the asset no longer exists");
        }

        // The consumer as verified when it negotiated (a data-plane request carries only the transfer token), less the
        // credentials that have expired or no longer verify since (revoked, suspended): the contract policy sees only
        // what the consumer holds now.
        var negotiation = await _negotiations.GetAsync(agreement.NegotiationId, cancellationToken).ConfigureAwait(false);
        var verified = negotiation?.CounterPartyClaims is { } claims
            ? System.Text.Json.JsonSerializer.Deserialize<VerifiedCaller>(claims)!
            : new VerifiedCaller { Did = record.CounterPartyId };
        var (consumer, dropped) = await _consumerCredentials.CurrentAsync(verified, cancellationToken).ConfigureAwait(false);

        // Count-limited agreements: evaluate with the uses so far and count this one only if nobody else did meanwhile.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var uses = await _usage.UsesAsync(agreement.Id, cancellationToken).ConfigureAwait(false);
            var denial = await EvaluateAsync(agreement.Policy, consumer, record, PolicyScope.DataAccess, cancellationToken, agreement.SignedAt, uses, agreement.Id).ConfigureAwait(false);
            if (denial is not null && dropped.Count > 0)
            {
                // The agreement held with the credentials it was made with: it is their loss that ends the transfer.
                var reason = $"the consumer's credentials no longer hold ({string.Join("; ", dropped)}), so {denial}";
                var termination = new TransferTerminationMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, Code = "credentials-invalid", Reason = Reason(reason) };
                await TransitionAsync(record, TransferState.Terminated, ToPeer(record, "termination", termination), cancellationToken, error: reason).ConfigureAwait(false);
                return DataAccessDecision.Deny(reason);
            }

            if (denial is not null)
            {
                return DataAccessDecision.Deny(denial);
            }

            if (await _usage.TryRecordAsync(agreement.Id, uses, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                // The access is in the audit log before the data plane serves it.
                await _audit.AppendAsync(AuditRecords.DataAccess("pull", _self.ParticipantId, record.CounterPartyId, record.Id, agreement.Id, record.AssetId, null), cancellationToken).ConfigureAwait(false);
                return DataAccessDecision.Allow(asset.DataAddress);
            }
        }

        return DataAccessDecision.Deny("too many concurrent accesses under this agreement; try again");
    }

    /// <inheritdoc/>
    public async Task ReportCompletedAsync(string transferId, CancellationToken cancellationToken)
    {
        if (await StartedAsync(transferId, cancellationToken).ConfigureAwait(false) is { Role: ProcessRole.Provider, State: TransferState.Started } record)
        {
            // A push channel's delivery is done: in the audit log before the completion is stored and announced.
            await _audit.AppendAsync(AuditRecords.DataAccess("delivery", _self.ParticipantId, record.CounterPartyId, record.Id, record.AgreementId, record.AssetId, null), cancellationToken).ConfigureAwait(false);

            await TransitionAsync(record, TransferState.Completed, ToPeer(record, "completion", new TransferCompletionMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid! }), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The transfer once its start is stored: a push channel may finish before <see cref="StartAsync"/> has recorded
    /// STARTED, so a report that arrives while the transfer is still REQUESTED (or being resumed) waits for it, briefly.
    /// </summary>
    private async Task<TransferProcessRecord?> StartedAsync(string transferId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            var record = await _store.GetAsync(transferId, cancellationToken).ConfigureAwait(false);
            if (record?.State is not (TransferState.Requested or TransferState.Suspended) || _time.GetUtcNow() > deadline)
            {
                return record;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task ReportFailedAsync(string transferId, string reason, CancellationToken cancellationToken)
    {
        if (await StartedAsync(transferId, cancellationToken).ConfigureAwait(false) is { Role: ProcessRole.Provider } record && !record.State.IsTerminal())
        {
            var message = new TransferTerminationMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, Code = "delivery-failed", Reason = Reason(reason) };
            await TransitionAsync(record, TransferState.Terminated, ToPeer(record, "termination", message), cancellationToken, error: reason).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the agreement for the transfer and starts the channel; announces the start or the termination.</summary>
    private async Task StartAsync(string id, VerifiedCaller? caller, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Role: ProcessRole.Provider, State: TransferState.Requested or TransferState.Suspended })
        {
            return;
        }

        caller ??= new VerifiedCaller { Did = record.CounterPartyId };

        if (record.State == TransferState.Requested)
        {
            var reaction = await _reactions.ReactAsync(ReactionContext(record, TransferStep.Requested), cancellationToken).ConfigureAwait(false);
            var refusal = reaction.Kind switch
            {
                TransferReactionKind.Proceed or TransferReactionKind.Start => null,
                TransferReactionKind.Terminate => reaction.Reason,
                TransferReactionKind.Wait => "",
                _ => $"the provider cannot {reaction.Kind.ToString().ToLowerInvariant()} a transfer that has not started",
            };
            if (refusal is { Length: > 0 })
            {
                var refused = new TransferTerminationMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, Code = "terminated-by-provider", Reason = Reason(refusal) };
                await TransitionAsync(record, TransferState.Terminated, ToPeer(record, "termination", refused), cancellationToken, error: refusal).ConfigureAwait(false);
            }

            if (refusal is not null)
            {
                return;
            }
        }

        var agreement = await _agreements.GetAsync(record.AgreementId, cancellationToken).ConfigureAwait(false);
        var asset = await _assets.GetAsync(record.AssetId, cancellationToken).ConfigureAwait(false);
        var denial = agreement is null || asset is null
            ? "the agreement or the asset no longer exists"
            : await EvaluateAsync(agreement.Policy, caller, record, PolicyScope.TransferStart, cancellationToken, agreement.SignedAt,
                await _usage.UsesAsync(agreement.Id, cancellationToken).ConfigureAwait(false), agreement.Id).ConfigureAwait(false);
        TransferStartResult? started = null;
        if (denial is null && _channels.Channels.TryGetValue(record.TransferType, out var channel))
        {
            started = await channel.StartAsync(StartContext(record, asset!), cancellationToken).ConfigureAwait(false);
            denial = started.FailureReason;
        }

        if (denial is not null || started is null)
        {
            var reason = denial ?? $"transfer type '{record.TransferType}' is no longer supported";
            var termination = new TransferTerminationMessage { ProviderPid = record.Id, ConsumerPid = record.PeerPid!, Code = "start-refused", Reason = Reason(reason) };
            await TransitionAsync(record, TransferState.Terminated, ToPeer(record, "termination", termination), cancellationToken, error: reason).ConfigureAwait(false);
            return;
        }

        var start = new TransferStartMessage
        {
            ProviderPid = record.Id,
            ConsumerPid = record.PeerPid!,
            DataAddress = started.ConsumerAddress is null ? null : DspDataAddresses.ToDsp(started.ConsumerAddress),
        };
        await TransitionAsync(record, TransferState.Started, ToPeer(record, "start", start), cancellationToken).ConfigureAwait(false);
    }

    private static TransferReactionContext ReactionContext(TransferProcessRecord record, TransferStep step) => new()
    {
        TransferId = record.Id,
        Step = step,
        AgreementId = record.AgreementId,
        AssetId = record.AssetId,
        CounterPartyId = record.CounterPartyId,
    };

    /// <summary>
    /// Asks the <see cref="ITransferReactions"/> hook what follows our own start or suspension (once the consumer has
    /// it), and does it as our operator would (<see cref="ActAsync"/>): suspend, complete, start again or terminate; by default nothing.
    /// </summary>
    private async Task ReactAfterAsync(string id, TransferStep step, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record?.State != (step == TransferStep.Started ? TransferState.Started : TransferState.Suspended))
        {
            return;
        }

        var reaction = await _reactions.ReactAsync(ReactionContext(record!, step), cancellationToken).ConfigureAwait(false);
        (TransferAction? action, string? reason) = (reaction.Kind, step) switch
        {
            (TransferReactionKind.Proceed or TransferReactionKind.Wait, _) => ((TransferAction?)null, (string?)null),
            (TransferReactionKind.Suspend, TransferStep.Started) => (TransferAction.Suspend, reaction.Reason),
            (TransferReactionKind.Complete, TransferStep.Started) => (TransferAction.Complete, null),
            (TransferReactionKind.Start, TransferStep.Suspended) => (TransferAction.Resume, null),
            (TransferReactionKind.Terminate, _) => (TransferAction.Terminate, reaction.Reason),
            _ => (TransferAction.Terminate, $"the provider cannot {reaction.Kind.ToString().ToLowerInvariant()} a transfer that is {record!.State.ToDsp()}"),
        };
        if (action is null)
        {
            return;
        }

        await ActAsync(id, action.Value, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> EvaluateAsync(System.Text.Json.Nodes.JsonObject policy, VerifiedCaller caller, TransferProcessRecord record, PolicyScope scope, CancellationToken cancellationToken,
        DateTimeOffset? agreementStart = null, long usageCount = 0, string? agreementId = null)
    {
        try
        {
            // Agreements are kept in DSP form, whose terms the DSP context defines; the agreement's timestamp is DSP
            // metadata, not part of the ODRL policy the engine evaluates.
            if (!policy.ContainsKey("@context") || policy.ContainsKey("timestamp"))
            {
                policy = (System.Text.Json.Nodes.JsonObject)policy.DeepClone();
                policy.Remove("timestamp");
                if (!policy.ContainsKey("@context"))
                {
                    policy.Insert(0, "@context", new System.Text.Json.Nodes.JsonArray(DspContext.Url));
                }
            }

            // An agreement stating compute terms binds compute jobs, which release only what it allows: it must
            // never let the consumer take the data itself (docs/compute/engine.md).
            if (scope is PolicyScope.TransferStart or PolicyScope.DataAccess
                && Dataspace.Policies.Compute.ComputeTerms.Read((await _policyService.CompileAsync(policy, cancellationToken).ConfigureAwait(false)).Policy) is var terms
                && (terms.Components is not null || terms.ConsumerReleases is not null || terms.ProviderReleases is not null || terms.ModelDigests is not null))
            {
                return $"agreement '{record.AgreementId}' is for computation (it states compute components or release kinds), not for transferring the data: propose a compute job under it instead";
            }

            // A compensate duty is fulfilled by the agreement's paid statements (docs/metering.md).
            var (dutyStates, payments) = agreementId is null
                ? (new Dictionary<string, DutyState>(), (IReadOnlyList<Payment>)[])
                : await _statements.EvidenceAsync(agreementId, cancellationToken).ConfigureAwait(false);
            var evaluation = await _policyService.EvaluateAsync(policy, new PolicyRequest
            {
                DutyStates = dutyStates,
                Payments = payments,
                Scope = scope,
                Party = Policies.PolicyService.Party(caller),
                Action = "http://www.w3.org/ns/odrl/2/use",
                Target = record.AssetId,
                Time = _time.GetUtcNow(),
                AgreementStart = agreementStart,
                UsageCount = usageCount,
            }, cancellationToken).ConfigureAwait(false);
            await _audit.AppendAsync(AuditRecords.PolicyDecision(evaluation, _self.ParticipantId, caller.Did, record.Id, record.AgreementId), cancellationToken).ConfigureAwait(false);
            return evaluation.Decision == PolicyDecision.Deny ? $"the agreement does not permit this: {evaluation.Reason}" : null;
        }
        catch (PolicyValidationException e)
        {
            var reason = $"the agreement's policy is invalid: {e.Message}";
            await _audit.AppendAsync(AuditRecords.PolicyInvalid(reason, scope.ToString(), _self.ParticipantId, caller.Did, record.Id, record.AgreementId), cancellationToken).ConfigureAwait(false);
            return reason;
        }
    }
}
