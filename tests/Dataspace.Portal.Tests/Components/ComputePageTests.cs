using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using Dataspace.Portal.Components.Pages;
using Dataspace.Portal.Localization;
using Dataspace.Portal.Session;
using Dataspace.Portal.Tests.Browser;
using Dataspace.Sdk.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ClientAgreement = Dataspace.Connector.Client.Agreement;

namespace Dataspace.Portal.Tests.Components;

/// <summary>
/// The compute jobs page against a real connector. The host registers no compute task channel, so its compute API answers
/// that it runs no engine: the page must show that reason, and validate a proposal before it sends anything.
/// </summary>
public sealed class ComputePageTests : IAsyncLifetime, IDisposable
{
    private const string ProviderId = "did:web:provider.compute-test";
    private readonly string _root = Directory.CreateTempSubdirectory("dataspace-portal-compute-").FullName;
    private RunningConnector _connector = default!;
    private string _self = "";

    public async Task InitializeAsync()
    {
        _connector = await RunningConnector.StartAsync(_root, new Dictionary<string, string?>());
        _self = (await _connector.Client.GetInfoAsync()).ParticipantId;
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Compute_RefusesABadProposalBeforeSendingIt()
    {
        await SeedAgreementAsync("agreement-compute", "negotiation-compute");
        using var context = Context();
        var page = context.Render<Compute>();
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(".error, [role=alert]"));
            Assert.NotEmpty(page.FindAll("#propose-agreement option[value=agreement-compute]"));
        }, TimeSpan.FromSeconds(10));

        page.Find("#propose-component").Change("psi/ecdh:1");
        page.Find("#propose-input").Change("inputs/ours.csv");
        page.Find("form:not(.filter)").Submit();
        page.WaitForAssertion(() => Assert.Contains("Choose an agreement under which this connector is the consumer.", page.Markup, StringComparison.Ordinal));

        page.Find("#propose-agreement").Change("agreement-compute");
        page.Find("#propose-attributes").Change("[\"cardinality\"]");
        page.Find("form:not(.filter)").Submit();
        page.WaitForAssertion(() => Assert.Contains("must be a JSON object", page.Markup, StringComparison.Ordinal));

        page.Find("#propose-attributes").Change("{\"mode\": ");
        page.Find("form:not(.filter)").Submit();
        page.WaitForAssertion(() => Assert.Contains("are not valid JSON", page.Markup, StringComparison.Ordinal));

        using var chinese = Context();
        var zh = chinese.Render<Compute>(p => p.AddCascadingValue(PortalTexts.Chinese));
        zh.WaitForAssertion(() => Assert.NotEmpty(zh.FindAll("#propose-agreement option[value=agreement-compute]")), TimeSpan.FromSeconds(10));
        Assert.Equal("计算任务", zh.Find("h1").TextContent);
        Assert.Contains("提议计算任务", zh.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_OffersOnlyAgreementsWhereThisConnectorIsTheConsumer()
    {
        await SeedAgreementAsync("agreement-ours", "negotiation-ours");
        await SeedAgreementAsync("agreement-theirs", "negotiation-theirs", consumerId: "did:web:someone-else");
        using var context = Context();
        var page = context.Render<Compute>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#propose-agreement option[value=agreement-ours]")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("#propose-agreement option[value=agreement-theirs]"));
    }

    [Fact]
    public async Task OutputDownload_RelaysTheConnectorsRefusal_AndNeedsASignedInOperator()
    {
        await using var services = Services();
        var httpClients = services.GetRequiredService<IHttpClientFactory>();

        var signedIn = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PortalAuthentication.ApiKeyClaim, _connector.ApiKey)], "test")) };
        signedIn.Response.Body = new MemoryStream();
        await ComputeOutputDownload.DownloadAsync("job-1", "task-1", "pairs", signedIn, httpClients);
        Assert.Equal(StatusCodes.Status404NotFound, signedIn.Response.StatusCode);
        signedIn.Response.Body.Position = 0;
        Assert.Contains("job-1", await new StreamReader(signedIn.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(signedIn.Response.Headers.ContentDisposition.ToString()));

        var anonymous = new DefaultHttpContext();
        anonymous.Response.Body = new MemoryStream();
        await ComputeOutputDownload.DownloadAsync("job-1", "task-1", "pairs", anonymous, httpClients);
        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
        Assert.Equal(0, anonymous.Response.Body.Length);
    }

    [Fact]
    public void BuildRequest_NamesOurFileAndTheProvidersAsset_UnderTheAgreement()
    {
        var agreement = new ClientAgreement("agreement-1", "negotiation-1", ProviderId, "did:web:us", "asset-7", [], DateTimeOffset.UnixEpoch);
        var proposal = new ComputeProposal { AgreementId = "agreement-1", Component = " psi/ecdh:1 ", InputPath = "in.csv", Attributes = "{\"mode\":\"intersection\"}", Release = "intersection" };

        var (request, error) = ComputeJobs.BuildRequest(proposal, agreement, "http://provider.example/api/dsp");

        Assert.Null(error);
        var task = request!["tasks"]![0]!;
        Assert.Equal("psi/ecdh:1", task["component"]!.GetValue<string>());
        Assert.Equal("intersection", task["attributes"]!["mode"]!.GetValue<string>());
        Assert.Equal("did:web:us", task["parties"]![0]!["participantId"]!.GetValue<string>());
        Assert.Equal("in.csv", task["parties"]![0]!["input"]!["reference"]!.GetValue<string>());
        Assert.Equal("asset-7", task["parties"]![1]!["input"]!["reference"]!.GetValue<string>());
        Assert.Equal("agreement-1", task["parties"]![1]!["input"]!["agreementId"]!.GetValue<string>());
        Assert.Equal("intersection", task["releases"]!["did:web:us"]![0]!.GetValue<string>());
        Assert.Equal("http://provider.example/api/dsp", request["agreements"]![0]!["providerEndpoint"]!.GetValue<string>());

    }

    [Theory]
    [InlineData("", true)]
    [InlineData("{}", true)]
    [InlineData("{\"epsilon\": 0.5, \"mode\": \"sum\"}", true)]
    [InlineData("[]", false)]
    [InlineData("42", false)]
    [InlineData("{\"mode\": }", false)]
    [InlineData("{'mode': 'sum'}", false)]
    public void ParseAttributes_AcceptsOnlyAJsonObject(string text, bool valid)
    {
        var (attributes, error) = ComputeJobs.ParseAttributes(text);
        Assert.Equal(valid, attributes is not null);
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void JobJson_IsReadForStateProgressPartiesAndPendingApproval()
    {
        var job = JsonNode.Parse("""
            {"id":"job-1","initiator":"did:web:us","state":"awaitingApproval","progress":0.456,
             "tasks":[{"id":"t1","parties":[{"participantId":"did:web:us"},{"participantId":"did:web:a"}]},{"id":"t2","parties":[{"participantId":"did:web:b"},{"participantId":"did:web:a"}]}],
             "approvals":[{"participantId":"did:web:a","decision":"approved"},{"participantId":"did:web:b","decision":"pending"}]}
            """)!.AsObject();

        Assert.Equal(["did:web:us", "did:web:a", "did:web:b"], ComputeJobs.Participants(job));
        Assert.Equal(46, ComputeJobs.Percent(job));
        Assert.True(ComputeJobs.AwaitsApprovalOf(job, "did:web:b"));
        Assert.False(ComputeJobs.AwaitsApprovalOf(job, "did:web:a"));
        Assert.False(ComputeJobs.AwaitsApprovalOf(job, null));
        job["state"] = "rejected";
        Assert.False(ComputeJobs.AwaitsApprovalOf(job, "did:web:b"));
        Assert.True(ComputeJobs.IsFinal("rejected"));
        Assert.False(ComputeJobs.IsMoving("awaitingApproval"));
        Assert.True(ComputeJobs.IsMoving("running"));
    }

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"x, y\",2", new[] { "x, y", "2" })]
    [InlineData("\"say \"\"hi\"\"\",", new[] { "say \"hi\"", "" })]
    [InlineData("", new[] { "" })]
    public void SplitCsvLine_ReadsQuotedFields(string line, string[] cells) =>
        Assert.Equal(cells, ComputeOutputDownload.SplitCsvLine(line));

    private async Task SeedAgreementAsync(string agreementId, string negotiationId, string? consumerId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var consumer = consumerId ?? _self;
        var negotiation = new ContractNegotiationRecord
        {
            Id = negotiationId, Role = ProcessRole.Consumer, State = NegotiationState.Finalized, CounterPartyId = ProviderId,
            CounterPartyAddress = "http://127.0.0.1:9/api/dsp", OfferId = "offer-" + agreementId, AssetId = "asset-" + agreementId, Offer = [],
            AgreementId = agreementId, CreatedAt = now, UpdatedAt = now,
        };
        await _connector.App.Services.GetRequiredService<INegotiationStore>().CreateAsync(negotiation, new ProcessEffects
        {
            Agreement = new ContractAgreementRecord(agreementId, negotiationId, ProviderId, consumer, negotiation.AssetId, [], now),
        }, CancellationToken.None);
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(PortalConnection.HttpClientName, http => http.BaseAddress = new Uri(_connector.Address));
        return services.BuildServiceProvider();
    }

    private BunitContext Context()
    {
        var context = new BunitContext();
        context.AddAuthorization().SetAuthorized("operator").SetClaims(new Claim(PortalAuthentication.ApiKeyClaim, _connector.ApiKey));
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(Options.Create(new PortalOptions()));
        context.Services.AddHttpClient(PortalConnection.HttpClientName, http => http.BaseAddress = new Uri(_connector.Address));
        context.Services.AddScoped<PortalConnection>();
        return context;
    }
}
