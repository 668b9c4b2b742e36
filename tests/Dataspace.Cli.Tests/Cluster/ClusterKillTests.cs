using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Dataspace.Cli.Tests.Cluster;

/// <summary>
/// Three provider instances on one PostgreSQL schema behind a round-robin load balancer, two consumers negotiating and
/// starting transfers through it, one provider instance SIGKILLed at random points and restarted: every process ends
/// terminal (or STARTED, for a pull transfer) with both sides agreeing, agreements match one to one, and no transition
/// is announced with two different messages.
/// </summary>
public sealed class ClusterKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 11;
    private const int Negotiations = 320;
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cluster-");

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

    [ClusterFact]
    public async Task ProviderInstancesKilledAtRandom_EveryProcessEndsOnceAndAgreementsMatch()
    {
        var schema = "kill_" + Guid.NewGuid().ToString("N")[..12];
        var providerData = Path.Combine(_temp.FullName, "provider");
        string[] consumerNames = ["c1", "c2"];
        var balancerPort = ClusterNode.FreePort();

        // The balancer's port is fixed first: every instance publishes its address.
        var providers = Enumerable.Range(1, 3).Select(i => new ClusterNode(_temp.FullName, "provider" + i, providerData, new Dictionary<string, object>
        {
            ["ParticipantId"] = "did:web:provider.example",
            ["Egress"] = new Dictionary<string, object> { ["AllowPrivateNetworks"] = true },
            ["Storage"] = new Dictionary<string, object> { ["Provider"] = "postgres", ["ConnectionString"] = $"{ClusterFactAttribute.ConnectionString};Search Path={schema}" },
            ["Dsp"] = new Dictionary<string, object>
            {
                ["PublicUrl"] = $"http://127.0.0.1:{balancerPort}/api/dsp",
                ["StaticTokens"] = consumerNames.ToDictionary(c => c + "-token", c => $"did:web:{c}.example"),
                ["OutboundToken"] = "provider-token",
            },
        })).ToList();
        var consumers = consumerNames.Select(c => new ClusterNode(_temp.FullName, c, Path.Combine(_temp.FullName, c), new Dictionary<string, object>
        {
            ["ParticipantId"] = $"did:web:{c}.example",
            ["Egress"] = new Dictionary<string, object> { ["AllowPrivateNetworks"] = true },
            ["Dsp"] = new Dictionary<string, object>
            {
                ["PublicUrl"] = $"http://127.0.0.1:{balancerPort}/{c}/api/dsp",
                ["StaticTokens"] = new Dictionary<string, string> { ["provider-token"] = "did:web:provider.example" },
                ["OutboundToken"] = c + "-token",
            },
        })).ToList();
        try
        {
            // The first instance creates the shared data folder's management key and migrates; the others join it.
            await providers[0].StartAsync();
            await Task.WhenAll(providers.Skip(1).Select(p => p.StartAsync()).Concat(consumers.Select(c => c.StartAsync())));
            await using var balancer = await LoopbackBalancer.StartAsync(balancerPort, BalancerPorts(providers, balancerPort), consumers.ToDictionary(c => c.Name, c => c.Port));
            Assert.Equal(balancer.Url, $"http://127.0.0.1:{balancerPort}");
            await SeedAsync(providers[0]);

            var random = new Random(Seed);
            using var chaos = new CancellationTokenSource();
            var kills = 0;
            var killer = Task.Run(async () =>
            {
                while (!chaos.IsCancellationRequested)
                {
                    await Task.Delay(random.Next(500, 2000));
                    var victim = providers[random.Next(providers.Count)];
                    await victim.KillAsync();
                    Interlocked.Increment(ref kills);
                    await Task.Delay(random.Next(0, 1000));
                    await victim.StartAsync();
                }
            });

            var started = 0;
            var refused = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, Negotiations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var consumer = consumers[i % consumers.Count];
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await consumer.PostAsync("/negotiations", new { counterPartyAddress = balancer.Url + "/api/dsp", offerId = "data-offer" });
                        Interlocked.Increment(ref started);
                        break;
                    }
                    catch (HttpRequestException) when (attempt < 30)
                    {
                        // The consumer looks the offer up in the provider's catalog first, and the instance asked was
                        // killed: the consumer refuses the request (nothing is stored), and a user tries again.
                        Interlocked.Increment(ref refused);
                        await Task.Delay(200, CancellationToken.None);
                    }
                }
            });

            // Transfers under every agreement reached so far, while the killing goes on.
            var transfers = 0;
            foreach (var consumer in consumers)
            {
                foreach (var n in await WaitAllAsync(consumer, "/negotiations", Terminal, TimeSpan.FromSeconds(120)))
                {
                    if (n["state"]!.GetValue<string>() == "FINALIZED")
                    {
                        await consumer.PostAsync("/transfers", new { agreementId = n["agreementId"]!.GetValue<string>(), transferType = "HttpData-PULL" });
                        transfers++;
                    }
                }
            }

            foreach (var consumer in consumers)
            {
                await WaitAllAsync(consumer, "/transfers", t => t["state"]!.GetValue<string>() is "STARTED" or "TERMINATED" or "COMPLETED", TimeSpan.FromSeconds(120));
            }

            // A quiet machine may finish before many kills: the killing goes on until a few happened while work was under way.
            while (Volatile.Read(ref kills) < 3)
            {
                await Task.Delay(100);
            }

            await chaos.CancelAsync();
            await killer;
            output.WriteLine($"{refused} negotiation requests refused by the consumer while the provider instance it asked was down (retried)");
            foreach (var provider in providers.Where(p => !p.Running))
            {
                await provider.StartAsync();
            }

            await CheckAsync(providers[0], consumers, balancer, started, transfers, kills);
        }
        catch
        {
            foreach (var node in providers.Concat(consumers))
            {
                output.WriteLine($"--- {node.Name}:\n{node.Output}");
            }

            throw;
        }
        finally
        {
            foreach (var node in providers.Concat(consumers))
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task CheckAsync(ClusterNode provider, List<ClusterNode> consumers, LoopbackBalancer balancer, int started, int transfers, int kills)
    {
        var providerNegotiations = (await WaitAllAsync(provider, "/negotiations", Terminal, TimeSpan.FromSeconds(60))).ToDictionary(n => n["id"]!.GetValue<string>());
        var providerTransfers = (await provider.ListAsync("/transfers")).ToDictionary(t => t["id"]!.GetValue<string>());
        var providerAgreements = (await provider.ListAsync("/agreements")).Select(a => a["id"]!.GetValue<string>()).ToList();
        var consumerAgreements = new List<string>();
        var finalized = 0;
        List<string> terminations = [];
        foreach (var consumer in consumers)
        {
            foreach (var n in await consumer.ListAsync("/negotiations"))
            {
                var state = n["state"]!.GetValue<string>();
                Assert.True(Terminal(n), $"{consumer.Name}: negotiation not terminal: {n.ToJsonString()}");
                if (n["providerPid"]?.GetValue<string>() is { Length: > 0 } pid && providerNegotiations.TryGetValue(pid, out var p))
                {
                    Assert.True(state == p["state"]!.GetValue<string>(), $"{consumer.Name} {state}, provider {p["state"]}: {n.ToJsonString()} / {p.ToJsonString()}");
                }

                if (state == "TERMINATED")
                {
                    terminations.Add(n["error"]?.GetValue<string>() ?? "(no reason)");
                }

                if (state == "FINALIZED")
                {
                    finalized++;
                    Assert.Equal(n["agreementId"]!.GetValue<string>(), providerNegotiations[n["providerPid"]!.GetValue<string>()]["agreementId"]!.GetValue<string>());
                }
            }

            consumerAgreements.AddRange((await consumer.ListAsync("/agreements")).Select(a => a["id"]!.GetValue<string>()));
            foreach (var t in await consumer.ListAsync("/transfers"))
            {
                var pid = t["providerPid"]?.GetValue<string>();
                Assert.True(pid is not null && providerTransfers.ContainsKey(pid), $"{consumer.Name}: transfer unknown to the provider: {t.ToJsonString()}");
                Assert.True(t["state"]!.GetValue<string>() == providerTransfers[pid!]["state"]!.GetValue<string>(), $"{consumer.Name}: transfer states disagree: {t.ToJsonString()} / {providerTransfers[pid!].ToJsonString()}");
            }
        }

        Assert.Equal(providerAgreements.Count, providerAgreements.Distinct().Count());
        Assert.Equal(providerAgreements.Order(StringComparer.Ordinal), consumerAgreements.Order(StringComparer.Ordinal));
        Assert.Equal(finalized, consumerAgreements.Count);

        // One transition, one message: a message may be sent again (at least once, when an instance died between
        // sending and settling it), but never a second, different one for the same process and step.
        var announced = balancer.Posts
            .Where(p => p.Status is >= 200 and < 300 && consumers.Any(c => p.Path.StartsWith($"/{c.Name}/", StringComparison.Ordinal)))
            .GroupBy(p => p.Path)
            .Select(g => (Path: g.Key, Sent: g.Count(), Distinct: g.Select(p => p.Body).Distinct(StringComparer.Ordinal).Count()))
            .ToList();
        var twice = announced.Where(a => a.Distinct > 1 && !a.Path.EndsWith("/termination", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{started} negotiations, {transfers} transfers, {kills} kills; provider agreements {providerAgreements.Count}; " +
            $"messages to consumers: {announced.Sum(a => a.Sent)} accepted, {announced.Sum(a => a.Sent - 1)} repeats of an identical message");
        foreach (var reason in terminations.GroupBy(r => r, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine($"  {reason.Count()} terminated: {reason.Key}");
        }

        Assert.True(twice.Count == 0, "different messages for one transition: " + string.Join("; ", twice.Take(5).Select(a => $"{a.Path} x{a.Distinct}")));
        Assert.True(kills >= 3, $"only {kills} kills");
        Assert.True(started == Negotiations, $"only {started} of {Negotiations} negotiations started");
        Assert.True(finalized + terminations.Count == started, $"{started} started, but {finalized} finalized and {terminations.Count} terminated");
    }

    private static bool Terminal(JsonNode n) => n["state"]!.GetValue<string>() is "FINALIZED" or "TERMINATED";

    private static List<int> BalancerPorts(List<ClusterNode> providers, int balancerPort)
    {
        Assert.DoesNotContain(balancerPort, providers.Select(p => p.Port));
        return [.. providers.Select(p => p.Port)];
    }

    private static async Task SeedAsync(ClusterNode provider)
    {
        Directory.CreateDirectory(Path.Combine(provider.Data, "plugins", "dataspace.storage.filesystem", "files"));
        await File.WriteAllBytesAsync(Path.Combine(provider.Data, "plugins", "dataspace.storage.filesystem", "files", "data.bin"), [1, 2, 3]);
        var open = new JsonObject { ["@context"] = "http://www.w3.org/ns/odrl.jsonld", ["@type"] = "Set", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) };
        await provider.PostAsync("/assets", new { id = "data", properties = new { title = "data" }, dataAddress = new { type = "FileSystem", properties = new { path = "data.bin" } } });
        await provider.PostAsync("/policies", new { id = "open", policy = open });
        await provider.PostAsync("/offers", new { id = "data-offer", assetId = "data", accessPolicyId = "open", contractPolicyId = "open" });
    }

    private static async Task<List<JsonNode>> WaitAllAsync(ClusterNode node, string path, Func<JsonNode, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        List<JsonNode> all = [];
        do
        {
            try
            {
                all = await node.ListAsync(path);
                if (all.All(done))
                {
                    return all;
                }
            }
            catch (HttpRequestException)
            {
                // The instance asked was killed meanwhile.
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        var open = all.Where(n => !done(n)).ToList();
        throw new TimeoutException($"{node.Name}: {open.Count} of {path} not done after {within}: {string.Join("\n", open.Take(5).Select(n => n.ToJsonString()))}");
    }
}
