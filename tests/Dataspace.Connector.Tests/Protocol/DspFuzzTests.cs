using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Testing;
using Xunit.Abstractions;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// 10,000 mutations of the DSP specification's example messages (seeded), posted to the endpoint each example belongs to:
/// never a 5xx, every refusal the endpoint's DSP error with a reason, and the finalized negotiation untouched.
/// </summary>
public sealed class DspFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20251;
    private const int Count = 10_000;

    [SharedFact]
    public async Task MutatedExampleMessages_NeverA5xx_AlwaysTheDspError_StateUnchanged()
    {
        await using var peer = await FinalizedPeer.StartAsync(new Dictionary<string, string?> { ["Connector:Dsp:MaxMessageBytes"] = "262144" });
        var targets = Targets(peer);
        var random = new Random(Seed);
        var cases = Enumerable.Range(0, Count).Select(_ =>
        {
            var (side, path, example) = targets[random.Next(targets.Length)];
            return (side, path, Body: Mutate(example, random));
        }).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < cases.Length && !budget.IsCancellationRequested)
            {
                var (side, path, body) = cases[i];
                var (status, answer) = await peer.PostAsync(side, path, body, "application/json");
                statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
                var problem = Check(peer, path, status, answer);
                if (problem is not null)
                {
                    failures.Enqueue($"#{i} {side} {path}: {problem}\nsent: {Shorten(body)}\ngot {(int)status}: {Shorten(answer)}");
                }
            }
        }));

        var sent = Math.Min(next, cases.Length);
        output.WriteLine($"{sent} messages in {clock.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}"))}");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers; first ones:\n{string.Join("\n\n", failures.OrderBy(f => f.Contains("server error", StringComparison.Ordinal) ? 0 : 1).Take(5))}");
        Assert.True(sent >= Count, $"only {sent} of {Count} messages were sent within the time budget");
        await peer.AssertUnchangedAsync();
    }

    private static string? Check(FinalizedPeer peer, string path, HttpStatusCode status, string answer)
    {
        if ((int)status >= 500)
        {
            return "a server error";
        }

        JsonNode? body;
        try
        {
            body = answer.Length == 0 ? null : JsonNode.Parse(answer);
        }
        catch (System.Text.Json.JsonException)
        {
            return "the answer is not JSON";
        }

        var type = body?["@type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["@type"]!.GetValue<string>() : null;
        if ((int)status < 300)
        {
            // Only a catalog request and a provider's initial offer may succeed (they create nothing the assertions watch),
            // and a replay of a message the finalized negotiation already took (its idempotent answer: FINALIZED, unchanged).
            var replay = type == "ContractNegotiation" && body!["state"]?.ToString() == "FINALIZED" && body["providerPid"]?.ToString() == peer.ProviderPid;
            return replay || (path, type) is ("/catalog/request", "Catalog") or ("/negotiations/offers", "ContractNegotiation") ? null : $"accepted ({type})";
        }

        if (type != FinalizedPeer.ErrorTypeOf(path))
        {
            return $"not a {FinalizedPeer.ErrorTypeOf(path)}";
        }

        return body!["reason"] is JsonArray { Count: > 0 } reason && reason.Any(r => r?.ToString().Trim().Length > 0) ? null : "no reason";
    }

    /// <summary>Each example with the endpoint it is sent to, its process ids set to the finalized negotiation's.</summary>
    private static (string Side, string Path, JsonObject Example)[] Targets(FinalizedPeer peer)
    {
        JsonObject Example(string folder, string file)
        {
            var o = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedPath("dsp-2025-1", folder, "example", file)))!.AsObject();
            foreach (var key in new[] { "providerPid", "consumerPid" })
            {
                if (o.ContainsKey(key))
                {
                    o[key] = key == "providerPid" ? peer.ProviderPid : peer.ConsumerPid;
                }
            }

            if (o.ContainsKey("callbackAddress"))
            {
                o["callbackAddress"] = DspBadInputTests.DeadCallback; // loopback only, and nobody listens
            }

            return o;
        }

        var initialOffer = Example("negotiation", "contract-offer-message_initial.json");
        initialOffer.Remove("consumerPid");
        return
        [
            ("provider", "/catalog/request", Example("catalog", "catalog-request-message.json")),
            ("provider", "/negotiations/request", Example("negotiation", "contract-request-message_initial.json")),
            ("provider", $"/negotiations/{peer.ProviderPid}/request", Example("negotiation", "contract-request-message.json")),
            ("provider", $"/negotiations/{peer.ProviderPid}/events", Example("negotiation", "contract-negotiation-event-message.json")),
            ("provider", $"/negotiations/{peer.ProviderPid}/agreement/verification", Example("negotiation", "contract-agreement-verification-message.json")),
            ("provider", $"/negotiations/{peer.ProviderPid}/termination", Example("negotiation", "contract-negotiation-termination-message.json")),
            ("consumer", "/negotiations/offers", initialOffer),
            ("consumer", $"/negotiations/{peer.ConsumerPid}/offers", Example("negotiation", "contract-offer-message.json")),
            ("consumer", $"/negotiations/{peer.ConsumerPid}/agreement", Example("negotiation", "contract-agreement-message.json")),
            ("consumer", $"/negotiations/{peer.ConsumerPid}/events", Example("negotiation", "contract-negotiation-event-message.json")),
            ("consumer", $"/negotiations/{peer.ConsumerPid}/termination", Example("negotiation", "contract-negotiation-termination-message.json")),
            ("provider", "/transfers/request", Example("transfer", "transfer-request-message.json")),
            ("provider", "/transfers/urn:uuid:no-transfer/start", Example("transfer", "transfer-start-message.json")),
            ("provider", "/transfers/urn:uuid:no-transfer/completion", Example("transfer", "transfer-completion-message.json")),
            ("provider", "/transfers/urn:uuid:no-transfer/suspension", Example("transfer", "transfer-suspension-message.json")),
            ("provider", "/transfers/urn:uuid:no-transfer/termination", Example("transfer", "transfer-termination-message.json")),
        ];
    }

    /// <summary>One to three mutations: drop, duplicate, retype or change a field (at any depth), truncate, nest deeply, huge strings.</summary>
    internal static string Mutate(JsonObject example, Random random)
    {
        var node = example.DeepClone().AsObject();
        var text = (string?)null;
        for (int n = random.Next(1, 4), i = 0; i < n; i++)
        {
            switch (random.Next(10))
            {
                case 0: // drop a field
                    if (PickObject(node, random) is { Count: > 0 } o)
                    {
                        o.Remove(o.ElementAt(random.Next(o.Count)).Key);
                    }

                    break;
                case 1: // retype a value
                case 2:
                    if (PickObject(node, random) is { Count: > 0 } r)
                    {
                        r[r.ElementAt(random.Next(r.Count)).Key] = RandomValue(random);
                    }

                    break;
                case 3: // change a value to another string
                    if (PickObject(node, random) is { Count: > 0 } c)
                    {
                        c[c.ElementAt(random.Next(c.Count)).Key] = random.Next(4) switch
                        {
                            0 => "",
                            1 => "urn:uuid:" + Guid.NewGuid(),
                            2 => new string((char)random.Next(32, 0x2FFF), random.Next(1, 50)),
                            _ => "http://127.0.0.1:9/" + random.Next(),
                        };
                    }

                    break;
                case 4: // another message type
                    node["@type"] = new[] { "ContractRequestMessage", "ContractOfferMessage", "TransferRequestMessage", "Catalog", "ContractNegotiation", "TransferProcess", "CatalogError", "Dataset" }[random.Next(8)];
                    break;
                case 5: // another or no context
                    node["@context"] = random.Next(3) switch { 0 => "https://example.com/ctx.jsonld", 1 => new JsonArray(), _ => new JsonObject { ["@vocab"] = "https://example.com/" } };
                    break;
                case 6: // huge string
                    if (PickObject(node, random) is { Count: > 0 } h)
                    {
                        h[h.ElementAt(random.Next(h.Count)).Key] = new string('x', random.Next(2) == 0 ? 10_000 : 300_000);
                    }

                    break;
                case 7: // deep nesting
                    var depth = random.Next(2) == 0 ? 70 : 3000;
                    text = (text ?? node.ToJsonString()).TrimEnd('}') + ",\"deep\":" + new string('[', depth) + new string(']', depth) + "}";
                    break;
                case 8: // duplicate a property (text level)
                    var json = text ?? node.ToJsonString();
                    text = json.TrimEnd('}') + "," + json[1..^1] + "}";
                    break;
                default: // truncate or flip a byte
                    var t = text ?? node.ToJsonString();
                    var at = random.Next(Math.Max(1, t.Length));
                    text = random.Next(2) == 0 ? t[..at] : string.Concat(t.AsSpan(0, at), ((char)random.Next(32, 127)).ToString(), t.AsSpan(Math.Min(t.Length, at + 1)));
                    break;
            }

            if (text is not null)
            {
                return text; // text-level mutations end the chain: the rest may not parse
            }
        }

        return node.ToJsonString();
    }

    private static JsonObject? PickObject(JsonObject root, Random random)
    {
        var objects = new List<JsonObject>();
        Collect(root);
        return objects[random.Next(objects.Count)];

        void Collect(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                objects.Add(o);
                foreach (var (_, child) in o)
                {
                    Collect(child);
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var child in a)
                {
                    Collect(child);
                }
            }
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => random.Next(),
        2 => random.NextDouble() * 1e300,
        3 => true,
        4 => new JsonArray(random.Next(), "x", null),
        5 => new JsonObject { ["@id"] = "urn:x", ["@type"] = "Nope" },
        _ => new JsonArray(),
    };

    private static string Shorten(string s) => s.Length <= 600 ? s : s[..600] + $"... ({s.Length} chars)";
}
