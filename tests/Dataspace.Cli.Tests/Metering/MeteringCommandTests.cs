using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Management;

namespace Dataspace.Cli.Tests.Metering;

/// <summary><c>dataspace metering usage|receipts|export</c> against two connectors after a pull through the consumer's connector.</summary>
public sealed class MeteringCommandTests : IClassFixture<ConnectorPairFixture>
{
    private readonly ConnectorPairFixture _connectors;

    public MeteringCommandTests(ConnectorPairFixture connectors) => _connectors = connectors;

    [Fact]
    public async Task UsageAndExport_AfterAPull_ShowBothSidesRecords()
    {
        const string csv = "station,no2\nA,31\nB,18\nC,22\n";
        var offerId = await _connectors.PublishAsync("metered", csv, ConnectorPairFixture.OpenPolicy);
        var negotiated = await _connectors.ConsumerAsync("negotiate", "--from", _connectors.Pair.Provider.Dsp, "--offer", offerId, "--wait");
        var agreementId = negotiated.Output.Trim().Split('\n')[^1].Trim();
        var before = await _connectors.ConsumerAsync("metering", "usage", "--agreement", agreementId);
        Assert.True(before.ExitCode == 0, before.Error);
        Assert.Contains("(no usage)", before.Output, StringComparison.Ordinal);
        if (!ConnectorPairFixture.HttpTransportBundled)
        {
            return; // no pull channel: nothing to meter (the transfer tests check the refusal)
        }

        var target = Path.Combine(_connectors.Pair.Consumer.DataDirectory, "metered.csv");
        var transfer = await _connectors.ConsumerAsync("transfer", "--agreement", agreementId, "--to", target, "--timeout", "20");
        Assert.True(transfer.ExitCode == 0, transfer.Error);

        var consumer = await _connectors.ConsumerAsync("metering", "usage", "--agreement", agreementId);
        Assert.True(consumer.ExitCode == 0, consumer.Error);
        var rows = consumer.Output.Split('\n').Where(l => l.Contains(" consumer ", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count == 1, consumer.Output);
        var row = rows[0];
        Assert.Contains($" {csv.Length} ", row, StringComparison.Ordinal);
        var json = await _connectors.ConsumerAsync("metering", "usage", "--agreement", agreementId, "--json");
        var summary = Assert.Single(JsonNode.Parse(json.Output)!.AsArray())!;
        Assert.Equal(agreementId, summary["agreementId"]!.GetValue<string>());
        Assert.Equal(csv.Length, summary["bytes"]!.GetValue<long>());
        Assert.Equal(1, summary["requests"]!.GetValue<long>());

        var export = await _connectors.ProviderAsync("metering", "export", "records", "--format", "csv");
        Assert.True(export.ExitCode == 0, export.Error);
        var lines = export.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,at,agreementId,transferId,counterPartyId,role,kind,bytes,requests,rows,component,durationMs", lines[0]);
        Assert.Contains(lines, l => l.Contains($",{agreementId},", StringComparison.Ordinal) && l.Contains($",provider,dataAccess,{csv.Length},1,0,,", StringComparison.Ordinal));

        // These connectors authenticate with static tokens: no DID key to sign with, so no receipts, only records.
        var receipts = await _connectors.ProviderAsync("metering", "receipts", "--agreement", agreementId);
        Assert.True(receipts.ExitCode == 0, receipts.Error);
        Assert.Contains("(no receipts)", receipts.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownList_IsRefusedNamingTheLists()
    {
        var result = await _connectors.ProviderAsync("metering", "export", "invoices");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("records", result.Error + result.Output, StringComparison.Ordinal);
    }
}
