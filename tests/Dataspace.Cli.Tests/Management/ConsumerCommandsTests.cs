using System.Text.Json.Nodes;

namespace Dataspace.Cli.Tests.Management;

/// <summary><c>dataspace catalog|negotiate|transfer</c>: a consumer connector driven through the CLI against a provider.</summary>
public sealed class ConsumerCommandsTests : IClassFixture<ConnectorPairFixture>
{
    private readonly ConnectorPairFixture _connectors;

    public ConsumerCommandsTests(ConnectorPairFixture connectors) => _connectors = connectors;

    private string ProviderDsp => _connectors.Pair.Provider.Dsp;

    [Fact]
    public async Task CatalogThenNegotiate_OpenOffer_PrintsTheOfferAndTheAgreementId()
    {
        var offerId = await _connectors.PublishAsync("weather", "day,temp\nmon,12\n", ConnectorPairFixture.OpenPolicy);

        var catalog = await _connectors.ConsumerAsync("catalog", "--from", ProviderDsp);
        var negotiated = await _connectors.ConsumerAsync("negotiate", "--from", ProviderDsp, "--offer", offerId, "--wait");

        Assert.True(catalog.ExitCode == 0, $"exit {catalog.ExitCode}: {catalog.Error}");
        Assert.Contains($"Catalog of did:web:provider.demo at {ProviderDsp}:", catalog.Output, StringComparison.Ordinal);
        Assert.Matches($@"weather\s+{offerId}\s+\S*\s*Data weather", catalog.Output);
        Assert.True(negotiated.ExitCode == 0, $"exit {negotiated.ExitCode}: {negotiated.Error}");
        var agreementId = negotiated.Output.Trim().Split('\n')[^1].Trim();
        var agreement = await _connectors.Pair.Consumer.Client.GetAgreementAsync(agreementId);
        Assert.Equal("weather", agreement.AssetId);
        Assert.Contains("FINALIZED", negotiated.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_Json_IsTheClientsCatalog()
    {
        await _connectors.PublishAsync("json-data", "x\n1\n", ConnectorPairFixture.OpenPolicy);

        var catalog = await _connectors.ConsumerAsync("catalog", "--from", ProviderDsp, "--json");

        Assert.True(catalog.ExitCode == 0, $"exit {catalog.ExitCode}: {catalog.Error}");
        var json = JsonNode.Parse(catalog.Output)!;
        Assert.Equal("did:web:provider.demo", json["participantId"]!.GetValue<string>());
        Assert.Contains(json["datasets"]!.AsArray(), d => d!["id"]!.GetValue<string>() == "json-data");
    }

    [Fact]
    public async Task Negotiate_PolicyNotMet_PrintsTheReasonAndExits1()
    {
        var offerId = await _connectors.PublishAsync("bank-only", "x\n1\n", ConnectorPairFixture.ClaimPolicy("claim:FinanceSubspaceCredential.licence", "bank"));

        var negotiated = await _connectors.ConsumerAsync("negotiate", "--from", ProviderDsp, "--offer", offerId, "--wait");

        Assert.Equal(1, negotiated.ExitCode);
        Assert.Matches("^error: negotiation .+ was TERMINATED: .*policy-denied", negotiated.Error);
    }

    [Fact]
    public async Task Negotiate_WithoutWait_PrintsTheNegotiationAndItsState()
    {
        var offerId = await _connectors.PublishAsync("no-wait", "x\n1\n", ConnectorPairFixture.OpenPolicy);

        var started = await _connectors.ConsumerAsync("negotiate", "--from", ProviderDsp, "--offer", offerId, "--json");

        Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}: {started.Error}");
        var negotiation = JsonNode.Parse(started.Output)!;
        Assert.Equal(offerId, negotiation["offerId"]!.GetValue<string>());
        Assert.Equal("consumer", negotiation["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Negotiate_UnknownOffer_FailsNamingIt()
    {
        var result = await _connectors.ConsumerAsync("negotiate", "--from", ProviderDsp, "--offer", "nope", "--wait");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the provider's catalog shows this connector no offer 'nope' (400", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("negotiate")]
    public async Task From_ConnectorRootWithoutApiDsp_SaysToUseTheDspEndpointAndShowsIt(string command)
    {
        string[] args = command == "catalog" ? ["catalog", "--from", _connectors.Pair.Provider.BaseAddress] : ["negotiate", "--from", _connectors.Pair.Provider.BaseAddress, "--offer", "any", "--wait"];

        var result = await _connectors.ConsumerAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains($"'{_connectors.Pair.Provider.BaseAddress}' is not a DSP endpoint; give the other connector's DSP endpoint (for this connector most likely {ProviderDsp})", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffersCreate_UnknownContractPolicy_NamesIt()
    {
        await _connectors.PublishAsync("named-policy", "x\n1\n", ConnectorPairFixture.OpenPolicy);

        var result = await _connectors.ProviderAsync("offers", "create", "--asset", "named-policy", "--access-policy", "named-policy-access", "--contract-policy", "no-such-policy");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the contract policy 'no-such-policy' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_UnknownAgreement_FailsNamingIt()
    {
        var result = await _connectors.ConsumerAsync("transfer", "--agreement", "no-such-agreement");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-agreement", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Transfer_Pull_DownloadsTheFileOrSaysWhyNot()
    {
        const string csv = "station,pm25\nA,12\nB,7\n";
        var offerId = await _connectors.PublishAsync("air", csv, ConnectorPairFixture.OpenPolicy);
        var negotiated = await _connectors.ConsumerAsync("negotiate", "--from", ProviderDsp, "--offer", offerId, "--wait");
        var agreementId = negotiated.Output.Trim().Split('\n')[^1].Trim();
        var target = Path.Combine(_connectors.Pair.Consumer.DataDirectory, "air.csv");

        var transfer = await _connectors.ConsumerAsync("transfer", "--agreement", agreementId, "--to", target, "--timeout", "20");

        if (ConnectorPairFixture.HttpTransportBundled)
        {
            Assert.True(transfer.ExitCode == 0, transfer.Error);
            Assert.Equal(csv, await File.ReadAllTextAsync(target));
            Assert.Contains($"downloaded {csv.Length} bytes to {target}", transfer.Output, StringComparison.Ordinal);
        }
        else
        {
            // Without the HTTP transport plugin the provider has no HttpData-PULL channel: the CLI must say so, not hang or succeed.
            Assert.Equal(1, transfer.ExitCode);
            Assert.StartsWith("error: ", transfer.Error, StringComparison.Ordinal);
            Assert.Contains("HttpData-PULL", transfer.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(target));
            Assert.False(File.Exists(target + ".part"));
        }
    }
}
