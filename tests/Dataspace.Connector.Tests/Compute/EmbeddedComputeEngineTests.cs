using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Compute;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>A bank (consumer) and a telco (provider) run compute jobs under their agreement, each with its own engine and stores.</summary>
public sealed class EmbeddedComputeEngineTests : IAsyncLifetime
{
    private const string Bank = "did:web:bank.example";
    private const string Telco = "did:web:telco.example";
    private const string Asset = "subscribers";
    private const string CustomersCsv = "id,name\nc1,Ann\nc2,Bob\nc3,Cai\nc4,Dee\nc5,Eve\n";
    private const string SubscribersCsv = "id,plan\nc2,gold\nc4,basic\nc5,basic\nc9,gold\n";

    private readonly ConcurrentDictionary<Uri, EmbeddedComputeEngine> _network = new();
    private readonly InProcessComputeChannelFactory _channels = new();
    private EngineParty _bank = null!;
    private EngineParty _telco = null!;

    public async Task InitializeAsync()
    {
        _bank = await EngineParty.StartAsync(Bank, _network, _channels, [new MatchCountComponent()]);
    }

    public async Task DisposeAsync()
    {
        await _bank.DisposeAsync();
        if (_telco is not null) await _telco.DisposeAsync();
    }

    [Fact]
    public async Task Propose_WithoutAnAgreement_IsRefused_AndStoresNothing()
    {
        await StartTelcoAsync(Constraints(Component()));

        var error = await Assert.ThrowsAsync<ComputeEngineException>(() => _bank.Engine.ProposeAsync(Request(agreementId: "agreement-unknown"), CancellationToken.None));

        Assert.Equal("forbidden", error.Code);
        Assert.Contains("no agreement 'agreement-unknown'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _bank.Engine.ListAsync(new ComputeJobQuery(), new PageRequest(), CancellationToken.None)).Total);
        Assert.Equal(0, (await _telco.Engine.ListAsync(new ComputeJobQuery(), new PageRequest(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Job_ThatFitsTheAgreement_IsApprovedAutomatically_AndItsOutputReachesOnlyTheConsumer()
    {
        await StartTelcoAsync(Constraints(Component(), ConsumerRelease(ReleaseKinds.Cardinality)));

        var proposed = await _bank.Engine.ProposeAsync(Request(), CancellationToken.None);
        var atBank = await _bank.FinalAsync(proposed.Id);
        var atTelco = await _telco.FinalAsync(proposed.Id);

        Assert.True(atBank.State == ComputeJobState.Succeeded, $"{atBank.State}: {atBank.Reason}");
        Assert.True(atTelco.State == ComputeJobState.Succeeded, $"{atTelco.State}: {atTelco.Reason}");
        Assert.True(atTelco.Approvals.Single().Automatic);
        var output = Assert.Single(await _bank.Engine.GetOutputsAsync(proposed.Id, CancellationToken.None));
        Assert.Equal(("count", ReleaseKinds.Cardinality, "3"), (output.Name, output.ReleaseKind, output.Content));
        Assert.Empty(await _telco.Engine.GetOutputsAsync(proposed.Id, CancellationToken.None));

        // Metered at both parties, and every step in the audit log.
        var usage = await _telco.Storage.UsageRecords.ListAsync(new UsageQuery(), new PageRequest(), CancellationToken.None);
        var record = Assert.Single(usage.Items);
        Assert.Equal((UsageKind.Computation, MatchCountComponent.ComponentName, 4L, ProcessRole.Provider), (record.Kind, record.Component, record.Rows, record.Role));
        Assert.Single((await _bank.Storage.UsageRecords.ListAsync(new UsageQuery(), new PageRequest(), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Job_ThatDoesNotFit_WaitsForApproval_AndARejectionEndsItWithTheReasonAtBothParties()
    {
        // The agreement permits no job without a person's approval (jobCount ≤ 0).
        await StartTelcoAsync(Constraints(Component(), JobCount(0)));

        var proposed = await _bank.Engine.ProposeAsync(Request(), CancellationToken.None);

        Assert.Equal(ComputeJobState.AwaitingApproval, proposed.State);
        var held = await _telco.Engine.GetAsync(proposed.Id, CancellationToken.None);
        Assert.Equal(ComputeJobState.AwaitingApproval, held!.State);
        Assert.Contains("does not permit it as is", held.Approvals.Single().Reason, StringComparison.Ordinal);

        await _telco.Engine.RejectAsync(proposed.Id, "not for this campaign", CancellationToken.None);

        var atBank = await _bank.FinalAsync(proposed.Id);
        var atTelco = await _telco.FinalAsync(proposed.Id);
        Assert.Equal(ComputeJobState.Rejected, atBank.State);
        Assert.Equal(ComputeJobState.Rejected, atTelco.State);
        Assert.Contains("not for this campaign", atBank.Reason, StringComparison.Ordinal);
        Assert.Contains("not for this campaign", atTelco.Reason, StringComparison.Ordinal);
        Assert.Empty(await _bank.Engine.GetOutputsAsync(proposed.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Job_HeldForApproval_RunsOnceTheProviderApproves()
    {
        await StartTelcoAsync(Constraints(Component(), JobCount(0)));
        var proposed = await _bank.Engine.ProposeAsync(Request(), CancellationToken.None);
        await Assert.ThrowsAsync<ComputeEngineException>(() => _bank.Engine.ApproveAsync(proposed.Id, CancellationToken.None));

        await _telco.Engine.ApproveAsync(proposed.Id, CancellationToken.None);

        Assert.Equal(ComputeJobState.Succeeded, (await _bank.FinalAsync(proposed.Id)).State);
        Assert.Equal(ComputeJobState.Succeeded, (await _telco.FinalAsync(proposed.Id)).State);
        Assert.False((await _telco.Engine.GetAsync(proposed.Id, CancellationToken.None))!.Approvals.Single().Automatic);
    }

    [Fact]
    public async Task Job_WithAComponentTheProviderDoesNotRun_EndsWithTheReasonAtBothParties()
    {
        await StartTelcoAsync(Constraints(Component()), components: []);

        var proposed = await _bank.Engine.ProposeAsync(Request(), CancellationToken.None);

        await AssertEndedAsync(proposed.Id, ComputeJobState.Failed, $"component {MatchCountComponent.ComponentName} is not available at {Telco}");
    }

    [Fact]
    public async Task Job_AskingAReleaseBeyondTheAgreement_EndsWithTheReasonAtBothParties()
    {
        await StartTelcoAsync(Constraints(Component(), ConsumerRelease(ReleaseKinds.Cardinality)));

        var proposed = await _bank.Engine.ProposeAsync(Request(mode: "intersection", release: ReleaseKinds.Intersection), CancellationToken.None);

        await AssertEndedAsync(proposed.Id, ComputeJobState.Failed, "release 'intersection' to the consumer is beyond agreement");
    }

    [Fact]
    public async Task Job_BeyondThePrivacyBudget_EndsWithTheReason_AndSpendsNothing()
    {
        await StartTelcoAsync(Constraints(Component(), Budget(1.0)));
        var first = await _bank.Engine.ProposeAsync(Request(epsilon: 0.6), CancellationToken.None);
        var firstDone = await _bank.FinalAsync(first.Id);
        Assert.True(firstDone.State == ComputeJobState.Succeeded, $"{firstDone.State}: {firstDone.Reason}");

        var second = await _bank.Engine.ProposeAsync(Request(epsilon: 0.6), CancellationToken.None);

        await AssertEndedAsync(second.Id, ComputeJobState.Failed, "privacy budget of agreement 'agreement-1' is exhausted");
        var (epsilon, _) = await _telco.Storage.ComputeJobs.GetBudgetSpentAsync("agreement-1", AgreementSignedAt, CancellationToken.None);
        Assert.Equal(0.6, epsilon, 9);
    }

    [Fact]
    public async Task Job_WithAnInputOfTheWrongSchema_EndsWithTheReasonAtBothParties_AndNoOutput()
    {
        await StartTelcoAsync(Constraints(Component()));
        var input = await _bank.WriteInputAsync("customers.csv", "customer,name\nc1,Ann\n");

        var proposed = await _bank.Engine.ProposeAsync(Request(input: input), CancellationToken.None);

        await AssertEndedAsync(proposed.Id, ComputeJobState.Failed, "the input lacks column 'id'");
        Assert.Empty(await _bank.Storage.ComputeJobs.ListOutputsAsync(proposed.Id, null, CancellationToken.None));
    }

    [Fact]
    public async Task Job_WithAMalformedProposal_IsRefusedWithWhatWasExpected()
    {
        await StartTelcoAsync(Constraints(Component()));
        var request = Request();
        var task = request.Tasks[0];

        var cyclic = await Assert.ThrowsAsync<ComputeEngineException>(() => _bank.Engine.ProposeAsync(request with { Tasks = [task with { DependsOn = ["psi"] }] }, CancellationToken.None));
        var badRole = await Assert.ThrowsAsync<ComputeEngineException>(() => _bank.Engine.ProposeAsync(
            request with { Tasks = [task with { Parties = [task.Parties[0], task.Parties[1] with { Role = "middle" }] }] }, CancellationToken.None));
        var badAttribute = await Assert.ThrowsAsync<ComputeEngineException>(() => _bank.Engine.ProposeAsync(
            request with { Tasks = [task with { Attributes = new Dictionary<string, JsonElement> { ["mode"] = JsonSerializer.SerializeToElement(3) } }] }, CancellationToken.None));

        Assert.Contains("not an earlier task", cyclic.Message, StringComparison.Ordinal);
        Assert.Contains("role 'middle' is not one of the component's roles (left, right)", badRole.Message, StringComparison.Ordinal);
        Assert.Contains("attribute 'mode' must be of type string", badAttribute.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _bank.Engine.ListAsync(new ComputeJobQuery(), new PageRequest(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Receive_FromAPartyThatIsNotTheInitiator_IsRefused()
    {
        await StartTelcoAsync(Constraints(Component()));
        var now = DateTimeOffset.UtcNow;
        var request = Request();
        var job = new ComputeJob
        {
            Id = "job-x", Initiator = Bank, InitiatorEndpoint = _bank.Endpoint, Tasks = request.Tasks, Agreements = request.Agreements,
            State = ComputeJobState.Proposed, CreatedAt = now, UpdatedAt = now,
        };

        var error = await Assert.ThrowsAsync<ComputeEngineException>(() => _telco.Engine.ReceiveAsync(job, "did:web:mallory.example", CancellationToken.None));

        Assert.Equal("forbidden", error.Code);
        Assert.Null(await _telco.Engine.GetAsync("job-x", CancellationToken.None));
    }

    private static readonly DateTimeOffset AgreementSignedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task AssertEndedAsync(string jobId, ComputeJobState state, string reason)
    {
        var atBank = await _bank.FinalAsync(jobId);
        var atTelco = await _telco.FinalAsync(jobId);
        Assert.True(atBank.State == state && atBank.Reason?.Contains(reason, StringComparison.Ordinal) == true, $"at the bank {atBank.State}: {atBank.Reason}");
        Assert.True(atTelco.State == state && atTelco.Reason?.Contains(reason, StringComparison.Ordinal) == true, $"at the telco {atTelco.State}: {atTelco.Reason}");
    }

    private async Task StartTelcoAsync(JsonArray constraints, IEnumerable<IComputeComponent>? components = null)
    {
        _telco = await EngineParty.StartAsync(Telco, _network, _channels, components ?? [new MatchCountComponent()]);
        var agreement = new ContractAgreementRecord("agreement-1", "negotiation-1", Telco, Bank, Asset, Policy(constraints), AgreementSignedAt);
        await _telco.AddAgreementAsync(agreement);
        await _bank.AddAgreementAsync(agreement);
        await _telco.AddAssetAsync(Asset, SubscribersCsv);
    }

    private ComputeJobRequest Request(string agreementId = "agreement-1", string mode = "cardinality", string release = ReleaseKinds.Cardinality, double? epsilon = null, string? input = null)
    {
        input ??= _bank.WriteInputAsync("customers.csv", CustomersCsv).GetAwaiter().GetResult();
        var attributes = new Dictionary<string, JsonElement> { ["mode"] = JsonSerializer.SerializeToElement(mode) };
        if (epsilon is { } e) attributes["epsilon"] = JsonSerializer.SerializeToElement(e);
        return new ComputeJobRequest
        {
            Tasks =
            [
                new ComputeTask("psi", MatchCountComponent.ComponentName, attributes,
                    [
                        new ComputeTaskParty(Bank, "left", new ComputeTaskInput(ComputeTaskInput.File, input)),
                        new ComputeTaskParty(Telco, "right", new ComputeTaskInput(ComputeTaskInput.Asset, Asset, agreementId)),
                    ],
                    new Dictionary<string, IReadOnlyList<string>> { [Bank] = [release] }),
            ],
            Agreements = [new ComputeJobAgreement(Telco, agreementId, Bank, _telco.Endpoint)],
        };
    }

    private static JsonObject Policy(JsonArray constraints) => new()
    {
        ["@context"] = new JsonArray("http://www.w3.org/ns/odrl.jsonld", new JsonObject { ["dsc"] = "https://w3id.org/dataspace-connector/policy/" }),
        ["@type"] = "Agreement",
        ["uid"] = "urn:agreement:1",
        ["assigner"] = Telco,
        ["assignee"] = Bank,
        ["target"] = Asset,
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use", ["constraint"] = constraints }),
    };

    private static JsonArray Constraints(params JsonObject[] constraints) => [.. constraints];

    private static JsonObject Component() => Constraint("dsc:computeComponent", "eq", MatchCountComponent.ComponentName);

    // JSON-LD reads a list of one as a single value, which isPartOf does not take: one kind is stated with eq.
    private static JsonObject ConsumerRelease(params string[] kinds) => kinds.Length == 1
        ? Constraint("dsc:consumerRelease", "eq", kinds[0])
        : Constraint("dsc:consumerRelease", "isPartOf", new JsonArray([.. kinds.Select(k => (JsonNode)k)]));

    private static JsonObject JobCount(int max) => Constraint("dsc:jobCount", "lteq", max);

    private static JsonObject Budget(double epsilon) => Constraint("dsc:epsilon", "lteq", epsilon);

    private static JsonObject Constraint(string left, string op, JsonNode right) => new() { ["leftOperand"] = left, ["operator"] = op, ["rightOperand"] = right };
}
