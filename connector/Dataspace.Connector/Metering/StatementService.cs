using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Metering.Pricing;
using Dataspace.Dsp;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering;

/// <summary>
/// Prices our usage records with a counter-party over a period from each agreement's compensate duty, as one statement
/// per role and currency; a paid statement is the evidence that fulfils the agreements' compensate duties.
/// </summary>
public sealed class StatementService
{
    private readonly IUsageRecordStore _records;
    private readonly IUsageStatementStore _statements;
    private readonly IAgreementStore _agreements;
    private readonly TimeProvider _time;
    private readonly PolicyDocumentReader _reader = new();

    /// <summary>Creates the service.</summary>
    public StatementService(IUsageRecordStore records, IUsageStatementStore statements, IAgreementStore agreements, TimeProvider time)
    {
        _records = records;
        _statements = statements;
        _agreements = agreements;
        _time = time;
    }

    /// <summary>
    /// Issues the statements of [<paramref name="from"/>, <paramref name="to"/>) with <paramref name="counterPartyId"/>
    /// (issuing the same period again returns the statements issued first); agreements without a compensate duty are free
    /// and left out. An agreement whose duty cannot be priced fails the whole issue with the reason.
    /// </summary>
    public async Task<(IReadOnlyList<UsageStatement> Statements, string? Error)> IssueAsync(string counterPartyId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return ([], $"the period must end after it starts ({from:O} - {to:O})");
        }

        var summaries = await _records.SummarizeAsync(new UsageQuery { CounterPartyId = counterPartyId, From = from, To = to }, cancellationToken).ConfigureAwait(false);
        var lines = new List<(ProcessRole Role, string Currency, StatementLine Line)>();
        foreach (var summary in summaries)
        {
            var agreement = await _agreements.GetAsync(summary.AgreementId, cancellationToken).ConfigureAwait(false);
            if (agreement is null)
            {
                return ([], $"agreement '{summary.AgreementId}' has usage records but is not stored");
            }

            var (price, error) = await PriceOfAsync(agreement.Policy, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return ([], $"agreement '{agreement.Id}' cannot be priced: {error}");
            }

            if (price is not null)
            {
                lines.Add((summary.Role, price.Currency, price.Charge(agreement.Id, summary.Totals)));
            }
        }

        var issued = new List<UsageStatement>();
        foreach (var group in lines.GroupBy(l => (l.Role, l.Currency)))
        {
            var statementLines = group.Select(l => l.Line).ToList();
            var statement = new UsageStatement
            {
                Id = StatementId(counterPartyId, group.Key.Role, group.Key.Currency, from, to),
                CounterPartyId = counterPartyId,
                Role = group.Key.Role,
                PeriodStart = from,
                PeriodEnd = to,
                Currency = group.Key.Currency,
                Total = statementLines.Sum(l => l.Amount),
                Lines = statementLines,
                State = StatementState.Open,
                CreatedAt = _time.GetUtcNow(),
            };
            issued.Add(await _statements.CreateAsync(statement, cancellationToken).ConfigureAwait(false)
                ? statement
                : (await _statements.GetAsync(statement.Id, cancellationToken).ConfigureAwait(false))!);
        }

        return (issued, null);
    }

    /// <summary>
    /// The compensate duty's state for the policy engine, from the agreement's statements: fulfilled once it has
    /// statements and all are paid (the paid amounts are passed as payments too); nothing recorded otherwise.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, DutyState> DutyStates, IReadOnlyList<Payment> Payments)> EvidenceAsync(string agreementId, CancellationToken cancellationToken)
    {
        var page = await _statements.ListAsync(null, agreementId, new PageRequest(0, PageRequest.MaxLimit), cancellationToken).ConfigureAwait(false);
        var payments = page.Items.Where(s => s.State == StatementState.Paid)
            .SelectMany(s => s.Lines.Where(l => l.AgreementId == agreementId).Select(l => new Payment(l.Amount, s.Currency))).ToList();
        var fulfilled = page.Total > 0 && page.Total == page.Items.Count && page.Items.All(s => s.State == StatementState.Paid);
        return (fulfilled ? new Dictionary<string, DutyState> { [Odrl.Compensate] = DutyState.Fulfilled } : new Dictionary<string, DutyState>(), payments);
    }

    /// <summary>The price an agreement's policy (DSP form, as stored) sets; null when it has no compensate duty.</summary>
    public async Task<(Price? Price, string? Error)> PriceOfAsync(JsonObject agreementPolicy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreementPolicy);
        // Agreements are kept in DSP form, whose terms the DSP context defines; the timestamp is DSP metadata, not ODRL.
        var policy = (JsonObject)agreementPolicy.DeepClone();
        policy.Remove("timestamp");
        if (!policy.ContainsKey("@context"))
        {
            policy.Insert(0, "@context", new JsonArray(DspContext.Url));
        }

        try
        {
            return CompensatePrice.Read(await _reader.ReadAsync(policy, cancellationToken).ConfigureAwait(false));
        }
        catch (PolicyValidationException e)
        {
            return (null, e.Message);
        }
    }

    private static string StatementId(string counterPartyId, ProcessRole role, string currency, DateTimeOffset from, DateTimeOffset to) =>
        "urn:statement:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{counterPartyId}\n{role}\n{currency}\n{from.ToUnixTimeMilliseconds()}\n{to.ToUnixTimeMilliseconds()}"))))[..32];
}
