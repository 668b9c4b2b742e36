using System.Text.Json.Nodes;
using Dataspace.Connector.Metering;
using Dataspace.Connector.Metering.Pricing;
using Dataspace.Connector.Tests.Storage.Sqlite;
using Dataspace.Policies;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Policy;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Metering;

public sealed class PricingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A pay-per-use policy: the compensate duty as a policy-level obligation (pending until paid, not blocking use).</summary>
    private static JsonObject Policy(string amount, string? currency, string? unitOfCount, string rule = "obligation")
    {
        var refinements = new JsonArray { new JsonObject { ["leftOperand"] = "payAmount", ["operator"] = "eq", ["rightOperand"] = new JsonObject { ["@value"] = amount, ["@type"] = "xsd:decimal" } } };
        if (currency is not null)
        {
            refinements[0]!["unit"] = currency;
        }

        if (unitOfCount is not null)
        {
            refinements.Add(new JsonObject { ["leftOperand"] = "unitOfCount", ["operator"] = "eq", ["rightOperand"] = unitOfCount });
        }

        var compensate = new JsonObject { ["action"] = new JsonArray { new JsonObject { ["rdf:value"] = new JsonObject { ["@id"] = "odrl:compensate" }, ["refinement"] = refinements } } };
        var policy = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
            ["@type"] = "Set",
            ["uid"] = "urn:policy:priced",
            ["permission"] = new JsonArray { new JsonObject { ["action"] = "use" } },
        };
        if (rule == "obligation")
        {
            policy["obligation"] = new JsonArray { compensate };
        }
        else
        {
            policy["permission"]![0]!["duty"] = new JsonArray { compensate };
        }

        return policy;
    }

    [Theory]
    [InlineData("0.50", "EUR", "perMB", 0.50, "EUR", PriceUnits.PerMB)]
    [InlineData("0.01", "eur", "perCall", 0.01, "EUR", PriceUnits.PerCall)]
    [InlineData("2", "USD", "perRow", 2, "USD", PriceUnits.PerRow)]
    [InlineData("10", "EUR", "perComputation", 10, "EUR", PriceUnits.PerComputation)]
    [InlineData("99.90", "EUR", null, 99.90, "EUR", PriceUnits.PerPeriod)]
    [InlineData("1.5", "http://dbpedia.org/resource/Euro", "https://w3id.org/dataspace-connector/metering#perMB", 1.5, "http://dbpedia.org/resource/Euro", PriceUnits.PerMB)]
    public async Task PriceOf_CompensateDuty_ReadsAmountCurrencyAndUnit(string amount, string currency, string? unit, double expected, string expectedCurrency, string expectedUnit)
    {
        await using var storage = await OpenAsync();
        var (price, error) = await Service(storage).PriceOfAsync(Policy(amount, currency, unit), CancellationToken.None);
        Assert.Null(error);
        Assert.Equal(new Price((decimal)expected, expectedCurrency, expectedUnit), price);
    }

    [Theory]
    [InlineData("0.5", null, "perMB", "has no unit")]
    [InlineData("0.5", "EUR", "perFortnight", "unitOfCount must be 'eq' one of perCall, perMB, perRow, perPeriod, perComputation")]
    [InlineData("-1", "EUR", "perCall", "negative")]
    public async Task PriceOf_UnpriceableDuty_SaysWhy(string amount, string? currency, string unit, string reason)
    {
        await using var storage = await OpenAsync();
        var (price, error) = await Service(storage).PriceOfAsync(Policy(amount, currency, unit), CancellationToken.None);
        Assert.Null(price);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriceOf_NoCompensateDuty_IsFree()
    {
        await using var storage = await OpenAsync();
        var (price, error) = await Service(storage).PriceOfAsync(ConnectorPair.OpenPolicy(), CancellationToken.None);
        Assert.Null(price);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(PriceUnits.PerCall, 3, 0.30)]            // 3 requests at 0.10
    [InlineData(PriceUnits.PerMB, 2.5, 0.25)]            // 2 500 000 bytes at 0.10 per MB
    [InlineData(PriceUnits.PerRow, 40, 4.00)]
    [InlineData(PriceUnits.PerComputation, 1, 0.10)]
    [InlineData(PriceUnits.PerPeriod, 1, 0.10)]
    public void Charge_QuantityInTheUnitTimesThePrice(string unit, double quantity, double amount)
    {
        var line = new Price(0.10m, "EUR", unit).Charge("a-1", new UsageTotals(2_500_000, 3, 40, 1, 1234));
        Assert.Equal((decimal)quantity, line.Quantity);
        Assert.Equal((decimal)amount, line.Amount);
    }

    [Fact]
    public void Charge_RoundsToCentsAndNothingUsedCostsNothingPerPeriod()
    {
        Assert.Equal(0.01m, new Price(0.005m, "EUR", PriceUnits.PerCall).Charge("a", new UsageTotals(0, 1, 0, 0, 0)).Amount);
        Assert.Equal(0m, new Price(50m, "EUR", PriceUnits.PerPeriod).Charge("a", UsageTotals.Zero).Amount);
    }

    [Fact]
    public void RevenueSharing_Equal_SharesAddUpToTheTotal()
    {
        var shares = RevenueSharing.Split(10m, RevenueSharing.Equal, [("p-1", 5), ("p-2", 0), ("p-3", 100)]);
        Assert.Equal([("p-1", 3.34m), ("p-2", 3.33m), ("p-3", 3.33m)], shares);
    }

    [Fact]
    public void RevenueSharing_ByRows_ProportionalToRowsContributed()
    {
        var shares = RevenueSharing.Split(100m, RevenueSharing.ByRows, [("p-1", 1), ("p-2", 2), ("p-3", 0)]);
        Assert.Equal([("p-1", 33.33m), ("p-2", 66.67m), ("p-3", 0m)], shares);
        Assert.Equal(100m, shares.Sum(s => s.Share));
    }

    [Theory]
    [InlineData("byWeight", "unknown")]
    [InlineData(RevenueSharing.ByRows, "no provider contributed any rows")]
    public void RevenueSharing_BadRuleOrNothingToShareBy_Refused(string rule, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => RevenueSharing.Split(1m, rule, [("p-1", 0), ("p-2", 0)]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RevenueSharing_RepeatedProvider_Refused() =>
        Assert.Throws<ArgumentException>(() => RevenueSharing.Split(1m, RevenueSharing.Equal, [("p-1", 1), ("p-1", 2)]));

    /// <summary>Usage priced into a statement; paying it fulfils the agreement's compensate duty in the policy engine.</summary>
    [Fact]
    public async Task Statement_FromUsage_PaidStatementFulfilsTheCompensateDuty()
    {
        await using var storage = await OpenAsync();
        var policy = Policy("0.20", "EUR", "perCall");
        var agreement = await StoreAgreementAsync(storage, policy);
        for (var i = 0; i < 3; i++)
        {
            await storage.UsageRecords.AppendAsync(new UsageRecord
            {
                AgreementId = agreement.Id, CounterPartyId = agreement.ConsumerId, Role = ProcessRole.Provider, Kind = UsageKind.DataAccess, Bytes = 10, Requests = 1, At = T0.AddHours(i),
            }, CancellationToken.None);
        }

        var service = Service(storage);
        var (issued, error) = await service.IssueAsync(agreement.ConsumerId, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Null(error);
        var statement = Assert.Single(issued);
        Assert.Equal(0.60m, statement.Total);
        Assert.Equal(new StatementLine(agreement.Id, PriceUnits.PerCall, 3, 0.20m, 0.60m), Assert.Single(statement.Lines));
        var (again, _) = await service.IssueAsync(agreement.ConsumerId, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Equal(statement.Id, Assert.Single(again).Id);

        var engine = new PolicyEngine();
        var compiled = engine.Compile(await new PolicyDocumentReader().ReadAsync(policy, CancellationToken.None));
        async Task<PolicyEvaluation> EvaluateAsync()
        {
            var (duties, payments) = await service.EvidenceAsync(agreement.Id, CancellationToken.None);
            return compiled.Evaluate(new PolicyRequest
            {
                Scope = PolicyScope.DataAccess, Party = new RequestingParty(agreement.ConsumerId), Action = Odrl.Use, Target = "asset-1", Time = T0.AddDays(2),
                DutyStates = duties, Payments = payments,
            });
        }

        var open = await EvaluateAsync();
        Assert.Equal(PolicyDecision.Permit, open.Decision);
        Assert.Equal(Odrl.Compensate, Assert.Single(open.PendingDuties).Action);

        await storage.UsageStatements.MarkPaidAsync(statement.Id, "bank-1", T0.AddDays(2), CancellationToken.None);
        var paid = await EvaluateAsync();
        Assert.Empty(paid.PendingDuties);
        var (_, evidence) = await service.EvidenceAsync(agreement.Id, CancellationToken.None);
        Assert.Equal(new Payment(0.60m, "EUR"), Assert.Single(evidence));
    }

    private static async Task<StorageUnderTest> OpenAsync()
    {
        var storage = await SqliteStorage.CreateAsync();
        await storage.Lifecycle.MigrateAsync(CancellationToken.None);
        return storage;
    }

    private static StatementService Service(StorageUnderTest storage) =>
        new(storage.UsageRecords, storage.UsageStatements, storage.Agreements, TimeProvider.System);

    private static async Task<ContractAgreementRecord> StoreAgreementAsync(StorageUnderTest storage, JsonObject policy)
    {
        var negotiation = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(negotiation, ProcessEffects.None, CancellationToken.None);
        var agreement = StoreTestData.Agreement(negotiation.Id) with { Policy = policy };
        Assert.True(await storage.Negotiations.TransitionAsync(negotiation with { State = NegotiationState.Agreed, AgreementId = agreement.Id }, negotiation.State,
            new ProcessEffects { Agreement = agreement }, CancellationToken.None));
        return agreement;
    }
}
