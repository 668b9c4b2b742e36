using System.Text.Json.Nodes;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Transfer;

/// <summary>
/// The transfer process state machine, both roles, with the provider's data plane driven through transfer channels.
/// Transitions are stored with the message announcing them before the peer is answered.
/// </summary>
public sealed partial class TransferManager
{
    private const string Kind = "transfer";
    private readonly ITransferStore _store;
    private readonly IAgreementStore _agreements;
    private readonly IUsageMeterStore _usage;
    private readonly INegotiationStore _negotiations;
    private readonly IAssetStore _assets;
    private readonly PolicyService _policyService;
    private readonly TransferChannelRegistry _channels;
    private readonly DspSerializer _serializer;
    private readonly DspClient _client;
    private readonly DspEndpointsInfo _self;
    private readonly IOutboxStore _outbox;
    private readonly TimeProvider _time;
    private readonly ITransferReactions _reactions;
    private readonly ConsumerCredentials _consumerCredentials;
    private readonly Metering.ReceiptExchange _receipts;
    private readonly Metering.StatementService _statements;
    private readonly ILogger<TransferManager> _logger;
    private readonly IAuditLog _audit;

    /// <summary>Creates the manager.</summary>
    public TransferManager(ITransferStore store, IAgreementStore agreements, IUsageMeterStore usage, INegotiationStore negotiations, IAssetStore assets, PolicyService policyService,
        TransferChannelRegistry channels, DspSerializer serializer, DspClient client, DspEndpointsInfo self, IOutboxStore outbox, TimeProvider time, ITransferReactions reactions, ConsumerCredentials consumerCredentials,
        Metering.ReceiptExchange receipts, Metering.StatementService statements, ILogger<TransferManager> logger, IAuditLog audit)
    {
        _store = store;
        _agreements = agreements;
        _usage = usage;
        _negotiations = negotiations;
        _assets = assets;
        _policyService = policyService;
        _channels = channels;
        _serializer = serializer;
        _client = client;
        _self = self;
        _outbox = outbox;
        _time = time;
        _reactions = reactions;
        _consumerCredentials = consumerCredentials;
        _receipts = receipts;
        _statements = statements;
        _logger = logger;
        _audit = audit;
    }

    /// <summary>The DSP view of a transfer.</summary>
    public static TransferProcess ToDsp(TransferProcessRecord record) =>
        new() { ProviderPid = record.ProviderPid ?? "", ConsumerPid = record.ConsumerPid ?? "", State = record.State.ToDsp() };

    private OutboxMessage Message<T>(TransferProcessRecord record, string path, T message, OutboxPurpose purpose = OutboxPurpose.Notify)
        where T : class, IDspMessage =>
        new(Kind, record.Id, T.TypeName, NegotiationManager.Combine(record.CounterPartyAddress, path), _serializer.Write(message), record.CounterPartyId) { Purpose = purpose };

    private OutboxMessage ToPeer<T>(TransferProcessRecord record, string action, T message)
        where T : class, IDspMessage =>
        Message(record, $"/transfers/{Uri.EscapeDataString(record.PeerPid!)}/{action}", message);

    // What else a transition stores, in its transaction: messages of the process withdrawn before the new one is stored.
    private static readonly ProcessEffects DiscardPending = new() { DiscardPending = true };

    private static ProcessEffects DiscardPendingOf(string messageType) => new() { DiscardPendingTypes = [messageType] };

    private async Task<bool> TransitionAsync(TransferProcessRecord record, TransferState to, OutboxMessage? message, CancellationToken cancellationToken, string? error = null, Sdk.Transfer.DataAddress? address = null, ProcessEffects? effects = null)
    {
        var updated = record with { State = to, UpdatedAt = _time.GetUtcNow(), Error = error ?? record.Error, DataAddress = address ?? record.DataAddress };
        effects ??= ProcessEffects.None;
        if (_receipts.Enabled && record.Role == ProcessRole.Provider && to is TransferState.Completed or TransferState.Terminated && !record.State.IsTerminal())
        {
            // The provider asks the consumer to countersign the transfer's usage once it ended; stored with the end, so
            // a restart cannot lose it (docs/metering.md).
            effects = effects with { Steps = [.. effects.Steps, new ProcessStep(Metering.MeteringStepHandler.Kind, record.Id, Metering.MeteringStepHandler.ReceiptStep)] };
        }

        var moved = await _store.TransitionAsync(updated, record.State, effects with { Messages = message is null ? [] : [message] }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            LogTransition(_logger, record.Id, record.Role, record.State, to, error ?? "");
        }

        return moved;
    }

    private static IReadOnlyList<JsonNode> Reason(string text) => [JsonValue.Create(text)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {Id}: delivery interrupted by a restart started again")]
    private static partial void LogRedelivery(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {Id} ({Role}): {From} -> {To} {Reason}")]
    private static partial void LogTransition(ILogger logger, string id, ProcessRole role, TransferState from, TransferState to, string reason);
}
