using System.Text.Json.Nodes;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Negotiation;

/// <summary>
/// The contract negotiation state machine, both roles. Every transition is stored (with the message announcing it, in
/// one transaction) before the peer is answered; messages go out from the outbox after our answer.
/// </summary>
public sealed partial class NegotiationManager
{
    private const string Kind = "negotiation";
    private readonly INegotiationStore _store;
    private readonly IAgreementStore _agreements;
    private readonly IOfferStore _offers;
    private readonly IPolicyDefinitionStore _policies;
    private readonly PolicyService _policyService;
    private readonly DspSerializer _serializer;
    private readonly DspEndpointsInfo _self;
    private readonly IOutboxStore _outbox;
    private readonly TimeProvider _time;
    private readonly INegotiationReactions _reactions;
    private readonly ILogger<NegotiationManager> _logger;
    private readonly IAuditLog _audit;
    private readonly WitnessRequests _witness;

    /// <summary>Creates the manager.</summary>
    public NegotiationManager(INegotiationStore store, IAgreementStore agreements, IOfferStore offers, IPolicyDefinitionStore policies, PolicyService policyService,
        DspSerializer serializer, DspEndpointsInfo self, IOutboxStore outbox, TimeProvider time, INegotiationReactions reactions, ILogger<NegotiationManager> logger, IAuditLog audit, WitnessRequests witness)
    {
        _store = store;
        _agreements = agreements;
        _offers = offers;
        _policies = policies;
        _policyService = policyService;
        _serializer = serializer;
        _self = self;
        _outbox = outbox;
        _time = time;
        _reactions = reactions;
        _logger = logger;
        _audit = audit;
        _witness = witness;
    }

    /// <summary>The DSP view of a negotiation.</summary>
    public static ContractNegotiation ToDsp(ContractNegotiationRecord record) =>
        new() { ProviderPid = record.ProviderPid ?? "", ConsumerPid = record.ConsumerPid ?? "", State = record.State.ToDsp() };

    private OutboxMessage Message<T>(ContractNegotiationRecord record, string path, T message, OutboxPurpose purpose = OutboxPurpose.Notify)
        where T : class, IDspMessage =>
        new(Kind, record.Id, T.TypeName, Combine(record.CounterPartyAddress, path), _serializer.Write(message), record.CounterPartyId) { Purpose = purpose };

    // What else the transition stores, in its transaction: effects (withdrawn messages, the agreement) besides the message.
    private static readonly ProcessEffects DiscardPending = new() { DiscardPending = true };

    private async Task<bool> TransitionAsync(ContractNegotiationRecord record, NegotiationState to, OutboxMessage? message, CancellationToken cancellationToken, string? error = null, string? agreementId = null, JsonObject? offer = null, ProcessEffects? effects = null)
    {
        var updated = record with
        {
            State = to,
            UpdatedAt = _time.GetUtcNow(),
            Error = error ?? record.Error,
            AgreementId = agreementId ?? record.AgreementId,
            Offer = offer ?? record.Offer,
        };
        var moved = await _store.TransitionAsync(updated, record.State, (effects ?? ProcessEffects.None) with { Messages = message is null ? [] : [message] }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            LogTransition(_logger, record.Id, record.Role, record.State, to, error ?? "");
            if (effects?.Agreement is { } agreement)
            {
                // The agreement is in the audit log, full text, before the step that made it is acknowledged.
                var appended = await _audit.AppendAsync(AuditRecords.Agreement(agreement, _self.ParticipantId, record.Id), CancellationToken.None).ConfigureAwait(false);

                // The counter-party co-signs the checkpoint covering it, so neither side can rewrite this agreement's history alone.
                await _witness.RequestAsync(agreement.Id, appended.Index, record.CounterPartyId, record.CounterPartyAddress, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return moved;
    }

    internal static string Combine(string baseUrl, string path) => baseUrl.TrimEnd('/') + path;

    private static readonly System.Text.Json.JsonSerializerOptions PolicyJson =
        new(System.Text.Json.JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    internal static JsonObject ToJson(OdrlPolicy policy) => (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(policy, PolicyJson)!;

    internal static OdrlPolicy FromJson(JsonObject json) => System.Text.Json.JsonSerializer.Deserialize<OdrlPolicy>(json, PolicyJson)!;

    [LoggerMessage(Level = LogLevel.Information, Message = "Negotiation {Id} ({Role}): {From} -> {To} {Reason}")]
    private static partial void LogTransition(ILogger logger, string id, ProcessRole role, NegotiationState from, NegotiationState to, string reason);
}
