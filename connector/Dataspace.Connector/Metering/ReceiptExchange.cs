using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Metering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Metering;

/// <summary>
/// Dual-signed usage receipts: the provider sends its signed summary of a transfer or a period to the consumer's
/// <c>POST {dsp}/metering/receipts</c>, which answers with its own signed summary of the same scope; both keep both, as an
/// agreed receipt when the counts match and as a dispute with both figures when they differ (docs/metering.md).
/// </summary>
public sealed partial class ReceiptExchange
{
    /// <summary>The path of the receipt endpoint under the DSP base.</summary>
    public const string Path = "/metering/receipts";

    private readonly IUsageRecordStore _records;
    private readonly IUsageReceiptStore _receipts;
    private readonly IAgreementStore _agreements;
    private readonly INegotiationStore _negotiations;
    private readonly ITransferStore _transfers;
    private readonly DspClient _client;
    private readonly DspEndpointsInfo _self;
    private readonly IUsageSummarySigner? _signer;
    private readonly IOptions<MeteringOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReceiptExchange> _logger;
    private readonly SummaryBudget _budget = new();

    /// <summary>Creates the exchange; without a <paramref name="signers"/> entry receipts are off.</summary>
    public ReceiptExchange(IUsageRecordStore records, IUsageReceiptStore receipts, IAgreementStore agreements, INegotiationStore negotiations, ITransferStore transfers,
        DspClient client, DspEndpointsInfo self, IEnumerable<IUsageSummarySigner> signers, IOptions<MeteringOptions> options, TimeProvider time, ILogger<ReceiptExchange> logger)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _records = records;
        _receipts = receipts;
        _agreements = agreements;
        _negotiations = negotiations;
        _transfers = transfers;
        _client = client;
        _self = self;
        _signer = signers.LastOrDefault();
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether receipts are exchanged: enabled and a DID key to sign with.</summary>
    public bool Enabled => _signer is not null && _options.Value.Receipts;

    /// <summary>Exchanges the receipt of an ended transfer where we are the provider; throws when it should be tried again later.</summary>
    public async Task ExchangeForTransferAsync(string transferId, CancellationToken cancellationToken)
    {
        var transfer = await _transfers.GetAsync(transferId, cancellationToken).ConfigureAwait(false);
        if (!Enabled || transfer is not { Role: ProcessRole.Provider })
        {
            return;
        }

        var scope = new ReceiptScope(transfer.AgreementId, transfer.Id, transfer.CreatedAt, Max(transfer.CreatedAt.AddMilliseconds(1), _time.GetUtcNow()));
        await ExchangeAsync(scope, transfer.CounterPartyId, transfer.CounterPartyAddress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exchanges the receipt of an agreement (we are its provider) over one period; throws when it should be tried again later.</summary>
    public async Task ExchangeForPeriodAsync(string agreementId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var agreement = await _agreements.GetAsync(agreementId, cancellationToken).ConfigureAwait(false);
        var negotiation = agreement is null ? null : await _negotiations.GetAsync(agreement.NegotiationId, cancellationToken).ConfigureAwait(false);
        if (!Enabled || agreement is null || negotiation is not { Role: ProcessRole.Provider })
        {
            return;
        }

        await ExchangeAsync(new ReceiptScope(agreementId, null, start, end), agreement.ConsumerId, negotiation.CounterPartyAddress, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExchangeAsync(ReceiptScope scope, string counterParty, string address, CancellationToken cancellationToken)
    {
        var id = scope.ReceiptId;
        if (await _receipts.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: ReceiptState.Agreed or ReceiptState.Disputed })
        {
            return;
        }

        var ours = await TotalsAsync(scope, ProcessRole.Provider, cancellationToken).ConfigureAwait(false);
        var claims = new UsageSummaryClaims(id, _self.ParticipantId, counterParty, scope.AgreementId, scope.TransferId, scope.Start, scope.End, "provider", ours);
        var signature = await _signer!.SignAsync(claims.ToJson(), cancellationToken).ConfigureAwait(false);
        var receipt = new UsageReceipt
        {
            Id = id,
            AgreementId = scope.AgreementId,
            TransferId = scope.TransferId,
            CounterPartyId = counterParty,
            Role = ProcessRole.Provider,
            PeriodStart = scope.Start,
            PeriodEnd = scope.End,
            Ours = ours,
            OurSignature = signature,
            State = ReceiptState.Pending,
            UpdatedAt = _time.GetUtcNow(),
        };
        await _receipts.SaveAsync(receipt, cancellationToken).ConfigureAwait(false);

        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["summary"] = signature });
        var response = await _client.PostAsync(address.TrimEnd('/') + Path, body, counterParty, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            // A peer without metering (404), or one that refuses, leaves our figures signed alone; a network failure or a
            // busy peer is tried again. The peer's own error text is logged by the client, never stored or passed on.
            if (response.Permanent || response.Status is HttpStatusCode.NotFound || (response.Status is { } status && (int)status is >= 400 and < 500 && !response.IsTransient))
            {
                var note = response.Status is { } refused ? $"the counter-party answered HTTP {(int)refused}" : $"the counter-party was not contacted (correlation {response.Correlation})";
                await _receipts.SaveAsync(receipt with { State = ReceiptState.Unconfirmed, Note = note, UpdatedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                LogUnconfirmed(_logger, id, counterParty, note);
                return;
            }

            throw new InvalidOperationException($"the usage receipt {id} could not be exchanged with {counterParty}: {response.Describe()}");
        }

        var (theirs, theirSignature, refusal) = await ReadAnswerAsync(response.Body, claims, cancellationToken).ConfigureAwait(false);
        if (theirs is null)
        {
            await _receipts.SaveAsync(receipt with { State = ReceiptState.Unconfirmed, Note = "the counter-party's summary was refused: " + refusal, UpdatedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            LogUnconfirmed(_logger, id, counterParty, refusal!);
            return;
        }

        var settled = await _receipts.SaveAsync(receipt with
        {
            Theirs = theirs,
            TheirSignature = theirSignature,
            State = ours.SameCountsAs(theirs) ? ReceiptState.Agreed : ReceiptState.Disputed,
            UpdatedAt = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        LogSettled(_logger, id, counterParty, settled.State);
    }

    // The answer must be the counter-party's signature over the same receipt, in the other role, meant for us.
    private async Task<(UsageTotals? Theirs, string? Signature, string? Refusal)> ReadAnswerAsync(byte[] body, UsageSummaryClaims sent, CancellationToken cancellationToken)
    {
        string? jws;
        try
        {
            jws = JsonNode.Parse(body) is JsonObject answer && answer["summary"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            jws = null;
        }

        if (jws is null)
        {
            return (null, null, "the answer is not a JSON object with a 'summary' string");
        }

        var (claims, refusal) = await VerifyAsync(jws, sent.Audience, cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return (null, null, refusal);
        }

        var mismatch = claims.ReceiptId != sent.ReceiptId ? $"it is for receipt '{claims.ReceiptId}', not '{sent.ReceiptId}'"
            : claims.Audience != _self.ParticipantId ? $"it is addressed to '{claims.Audience}', not to us"
            : claims.AgreementId != sent.AgreementId || claims.TransferId != sent.TransferId ? "it covers another agreement or transfer"
            : claims.Role != "consumer" ? $"it is signed in the role '{claims.Role}', expected 'consumer'"
            : null;
        return mismatch is null ? (claims.Usage, jws, null) : (null, null, mismatch);
    }

    /// <summary>
    /// A counter-party's signed summary arrived (<c>POST {dsp}/metering/receipts</c>): verified as the caller's, for an
    /// agreement it has with us; answered with our signed summary of the same scope, and both are stored.
    /// </summary>
    public async Task<ProtocolResult<string>> OnSummaryAsync(VerifiedCaller caller, string jws, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Enabled)
        {
            return ProtocolResult<string>.Error(StatusCodes.Status501NotImplemented, "receipts-off", "this connector does not exchange usage receipts (no DID identity to sign with, or Connector:Metering:Receipts is false)");
        }

        // Counted before any work (signature, counts, our signature), valid summaries and invalid ones alike.
        var options = _options.Value;
        if (!_budget.TryTake(caller.Did, _time.GetUtcNow(), options.ReceiptPeriod, options.MaxSummariesPerPeerPerPeriod, out var periodEnd))
        {
            return ProtocolResult<string>.Error(StatusCodes.Status429TooManyRequests, "too-many-summaries",
                $"{caller.Did} sent {options.MaxSummariesPerPeerPerPeriod} usage summaries in this receipt period, the most this connector countersigns per peer and period (Connector:Metering:MaxSummariesPerPeerPerPeriod); send again after {periodEnd:O}");
        }

        var (claims, refusal) = await VerifyAsync(jws, caller.Did, cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return ProtocolResult<string>.BadRequest("invalid-summary", refusal!);
        }

        if (claims.Audience != _self.ParticipantId)
        {
            return ProtocolResult<string>.BadRequest("invalid-summary", $"the summary is addressed to '{claims.Audience}'; expected this connector, '{_self.ParticipantId}'");
        }

        // What has not happened yet cannot be countersigned (five minutes allowed for the two clocks to differ).
        if (claims.PeriodEnd > _time.GetUtcNow() + TimeSpan.FromMinutes(5))
        {
            return ProtocolResult<string>.BadRequest("invalid-summary", $"the summary's period ends in the future ({claims.PeriodEnd:O}); only a past period can be countersigned");
        }

        var agreement = await _agreements.GetAsync(claims.AgreementId, cancellationToken).ConfigureAwait(false);
        var ourRole = agreement?.ProviderId == _self.ParticipantId && agreement.ConsumerId == caller.Did ? ProcessRole.Provider
            : agreement?.ConsumerId == _self.ParticipantId && agreement.ProviderId == caller.Did ? ProcessRole.Consumer
            : (ProcessRole?)null;
        if (agreement is null || ourRole is null)
        {
            return ProtocolResult<string>.NotFound($"no agreement '{claims.AgreementId}' between you and this connector");
        }

        var expectedRole = ourRole == ProcessRole.Provider ? "consumer" : "provider";
        if (claims.Role != expectedRole)
        {
            return ProtocolResult<string>.BadRequest("invalid-summary", $"the summary is signed in the role '{claims.Role}'; you are the {expectedRole} of agreement '{agreement.Id}'");
        }

        var scope = new ReceiptScope(agreement.Id, claims.TransferId, claims.PeriodStart, claims.PeriodEnd);
        if (scope.ReceiptId != claims.ReceiptId)
        {
            return ProtocolResult<string>.BadRequest("invalid-summary", $"receiptId '{claims.ReceiptId}' does not name what the summary covers; expected '{scope.ReceiptId}'");
        }

        if (await _receipts.GetAsync(scope.ReceiptId, cancellationToken).ConfigureAwait(false) is { State: ReceiptState.Agreed or ReceiptState.Disputed } settled)
        {
            // Asked again (our first answer was lost): the same signed answer, nothing re-counted.
            return ProtocolResult<string>.Ok(settled.OurSignature);
        }

        var ours = await TotalsAsync(scope, ourRole.Value, cancellationToken).ConfigureAwait(false);
        var answer = new UsageSummaryClaims(scope.ReceiptId, _self.ParticipantId, caller.Did, agreement.Id, scope.TransferId, scope.Start, scope.End,
            ourRole == ProcessRole.Provider ? "provider" : "consumer", ours);
        var signature = await _signer!.SignAsync(answer.ToJson(), cancellationToken).ConfigureAwait(false);
        var stored = await _receipts.SaveAsync(new UsageReceipt
        {
            Id = scope.ReceiptId,
            AgreementId = agreement.Id,
            TransferId = scope.TransferId,
            CounterPartyId = caller.Did,
            Role = ourRole.Value,
            PeriodStart = scope.Start,
            PeriodEnd = scope.End,
            Ours = ours,
            OurSignature = signature,
            Theirs = claims.Usage,
            TheirSignature = jws,
            State = ours.SameCountsAs(claims.Usage) ? ReceiptState.Agreed : ReceiptState.Disputed,
            UpdatedAt = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        LogSettled(_logger, stored.Id, caller.Did, stored.State);
        return ProtocolResult<string>.Ok(stored.OurSignature);
    }

    private async Task<(UsageSummaryClaims? Claims, string? Refusal)> VerifyAsync(string jws, string signerDid, CancellationToken cancellationToken)
    {
        var (verified, refusal) = await _signer!.VerifyAsync(jws, signerDid, cancellationToken).ConfigureAwait(false);
        if (verified is not { } payload)
        {
            return (null, $"the usage summary's signature is not valid for {signerDid}: {refusal}");
        }

        var (claims, malformed) = UsageSummaryClaims.Read(payload);
        if (claims is null)
        {
            return (null, malformed);
        }

        return claims.Issuer == signerDid ? (claims, null) : (null, $"the usage summary is issued by '{claims.Issuer}', not by its sender {signerDid}");
    }

    private async Task<UsageTotals> TotalsAsync(ReceiptScope scope, ProcessRole role, CancellationToken cancellationToken)
    {
        var summaries = await _records.SummarizeAsync(scope.Query(role), cancellationToken).ConfigureAwait(false);
        return summaries.Aggregate(UsageTotals.Zero, (sum, s) => new UsageTotals(
            sum.Bytes + s.Totals.Bytes, sum.Requests + s.Totals.Requests, sum.Rows + s.Totals.Rows, sum.Computations + s.Totals.Computations, sum.DurationMs + s.Totals.DurationMs));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage receipt {ReceiptId} with {CounterParty}: {State}")]
    private static partial void LogSettled(ILogger logger, string receiptId, string counterParty, ReceiptState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage receipt {ReceiptId} with {CounterParty} is unconfirmed: {Reason}")]
    private static partial void LogUnconfirmed(ILogger logger, string receiptId, string counterParty, string reason);
}
