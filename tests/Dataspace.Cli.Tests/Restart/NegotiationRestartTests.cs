using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dataspace.Cli.Tests.Restart;

/// <summary>
/// Connector processes killed (SIGKILL) at random points while negotiations run, restarted on the same data folder and
/// port: every negotiation ends terminal, and provider and consumer hold the same agreements, one to one.
/// </summary>
public sealed class NegotiationRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 6;
    private const int MinStarted = 50;
    private const int MinKills = 3;

    // At least this long; longer (up to MaxChaos) while fewer negotiations or kills than asked were made, as on a loaded machine.
    private static readonly TimeSpan ChaosFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxChaos = TimeSpan.FromMinutes(5);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("restart-");

    public void Dispose()
    {
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Negotiations_WithProcessesKilledAtRandom_EndTerminalWithMatchingAgreements()
    {
        await using var provider = new RestartNode(_temp.FullName, "provider", "consumer");
        await using var consumer = new RestartNode(_temp.FullName, "consumer", "provider");
        await provider.StartAsync();
        await consumer.StartAsync();
        Directory.CreateDirectory(Path.Combine(provider.Data, "plugins", "dataspace.storage.filesystem", "files"));
        await File.WriteAllBytesAsync(Path.Combine(provider.Data, "plugins", "dataspace.storage.filesystem", "files", "data.bin"), [1, 2, 3]);
        var open = new JsonObject { ["@context"] = "http://www.w3.org/ns/odrl.jsonld", ["@type"] = "Set", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) };
        await provider.PostAsync("/assets", new { id = "data", properties = new { title = "data" }, dataAddress = new { type = "FileSystem", properties = new { path = "data.bin" } } });
        await provider.PostAsync("/policies", new { id = "open", policy = open });
        await provider.PostAsync("/offers", new { id = "data-offer", assetId = "data", accessPolicyId = "open", contractPolicyId = "open" });

        var random = new Random(Seed);
        var started = 0;
        var kills = 0;
        var refused = 0;
        var chaos = DateTime.UtcNow + ChaosFor;
        var giveUp = DateTime.UtcNow + MaxChaos;
        var nextKill = DateTime.UtcNow.AddMilliseconds(random.Next(500, 3000));
        while (DateTime.UtcNow < chaos || ((Volatile.Read(ref started) < MinStarted || kills < MinKills) && DateTime.UtcNow < giveUp))
        {
            // A batch of negotiations started concurrently, then perhaps a kill in the middle of their exchanges.
            var batch = Enumerable.Range(0, 8).Select(async _ =>
            {
                try
                {
                    await consumer.PostAsync("/negotiations", new { counterPartyAddress = provider.Dsp, offerId = "data-offer" });
                    Interlocked.Increment(ref started);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref refused); // the consumer was down, killed mid-answer, or its peer unreachable
                }
            }).ToList();
            await Task.Delay(random.Next(0, 150));
            if (DateTime.UtcNow >= nextKill)
            {
                var victim = random.Next(2) == 0 ? provider : consumer;
                victim.Kill();
                kills++;
                await Task.WhenAll(batch);
                await victim.StartAsync();
                nextKill = DateTime.UtcNow.AddMilliseconds(random.Next(500, 3000));
            }
            else
            {
                await Task.WhenAll(batch);
            }
        }

        // Both stay up now: every negotiation must reach a terminal state.
        var consumerSide = await WaitAllTerminalAsync(consumer, TimeSpan.FromSeconds(60));
        var providerSide = await WaitAllTerminalAsync(provider, TimeSpan.FromSeconds(30));
        var consumerAgreements = await consumer.ListAsync("/agreements");
        var providerAgreements = await provider.ListAsync("/agreements");
        output.WriteLine($"{started} negotiations started ({refused} unconfirmed while a connector was down; some of those started anyway), {kills} kills; consumer: " +
            string.Join(", ", consumerSide.GroupBy(n => n["state"]!.GetValue<string>()).Select(g => $"{g.Key} {g.Count()}")) +
            $"; agreements: consumer {consumerAgreements.Count}, provider {providerAgreements.Count}");

        Assert.True(started >= MinStarted, $"only {started} negotiations started in {MaxChaos}");
        Assert.True(kills >= MinKills, $"only {kills} kills in {MaxChaos}");
        var finalized = consumerSide.Where(n => n["state"]!.GetValue<string>() == "FINALIZED").ToList();
        var consumerIds = consumerAgreements.Select(a => a["id"]!.GetValue<string>()).ToList();
        var providerIds = providerAgreements.Select(a => a["id"]!.GetValue<string>()).ToList();
        Assert.Equal(consumerIds.Count, consumerIds.Distinct().Count());
        Assert.Equal(providerIds.Count, providerIds.Distinct().Count());
        Assert.Equal(providerIds.Order(StringComparer.Ordinal), consumerIds.Order(StringComparer.Ordinal));
        Assert.Equal(finalized.Count, consumerIds.Count);
        Assert.Equal(finalized.Select(n => n["agreementId"]!.GetValue<string>()).Order(StringComparer.Ordinal), consumerIds.Order(StringComparer.Ordinal));
        var providerFinalized = providerSide.Where(n => n["state"]!.GetValue<string>() == "FINALIZED").ToDictionary(n => n["id"]!.GetValue<string>());
        foreach (var n in finalized)
        {
            Assert.True(providerFinalized.TryGetValue(n["providerPid"]!.GetValue<string>(), out var p), $"the provider has no FINALIZED negotiation for {n.ToJsonString()}");
            Assert.Equal(n["agreementId"]!.GetValue<string>(), p!["agreementId"]!.GetValue<string>());
        }

        Assert.Equal(finalized.Count, providerFinalized.Count);
    }

    private static async Task<List<JsonNode>> WaitAllTerminalAsync(RestartNode node, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        List<JsonNode> all;
        do
        {
            all = await node.ListAsync("/negotiations");
            if (all.All(n => n["state"]!.GetValue<string>() is "FINALIZED" or "TERMINATED"))
            {
                return all;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        var open = all.Where(n => n["state"]!.GetValue<string>() is not ("FINALIZED" or "TERMINATED")).ToList();
        throw new TimeoutException($"{node.Name}: {open.Count} negotiations not terminal after {within}: {string.Join("\n", open.Take(5).Select(n => n.ToJsonString()))}");
    }
}
