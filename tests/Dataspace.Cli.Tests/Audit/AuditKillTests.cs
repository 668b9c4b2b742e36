using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Connector.Testing;
using Xunit.Abstractions;

namespace Dataspace.Cli.Tests.Audit;

/// <summary>
/// A `dataspace run` connector killed (SIGKILL) while management changes are appended to its audit log: after each
/// restart, every change whose answer came back is in the log with a valid inclusion proof, and the log is consistent
/// with every checkpoint seen before the kills. Proofs are checked by an RFC 9162 verifier written here.
/// </summary>
public sealed class AuditKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 3;
    private const int Policies = 240;
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("audit-kill-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Append_WhileKilled_LosesNoAcknowledgedEntry_AndStaysConsistentWithCheckpoints()
    {
        var data = Path.Combine(_temp.FullName, "node");
        var port = LoopbackPorts.Next();
        var config = Path.Combine(_temp.FullName, "node.json");
        await File.WriteAllTextAsync(config, """
            { "Connector": { "Identity": { "Method": "key" }, "Audit": { "CheckpointInterval": "00:00:00.200" } },
              "Logging": { "LogLevel": { "Default": "Warning" } } }
            """);
        var process = await StartAsync(data, port, config);
        try
        {
            var open = new JsonObject { ["@context"] = "http://www.w3.org/ns/odrl.jsonld", ["@type"] = "Set", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) };
            await Task.WhenAll(Enumerable.Range(0, Policies).Select(i => SendAsync(data, port, HttpMethod.Post, "/policies", new { id = $"p{i}", policy = open })));

            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
            var checkpoints = new List<(long Size, byte[] Root)>();
            var random = new Random(15);
            var next = 0;
            for (var kill = 0; kill < Kills; kill++)
            {
                checkpoints.Add(await LatestCheckpointAsync(data, port));
                var until = DateTime.UtcNow.AddMilliseconds(random.Next(300, 1200));
                // Deletes run concurrently until the kill lands in the middle of them; each one answered 204 is acknowledged.
                var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
                {
                    while (true)
                    {
                        var id = Interlocked.Increment(ref next) - 1;
                        if (id >= Policies)
                        {
                            return;
                        }

                        try
                        {
                            var (status, _) = await SendAsync(data, port, HttpMethod.Delete, $"/policies/p{id}", null);
                            if (status == HttpStatusCode.NoContent)
                            {
                                acknowledged.Add($"p{id}");
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                        {
                            return; // killed under it: not acknowledged
                        }
                    }
                })).ToList();
                while (DateTime.UtcNow < until && Volatile.Read(ref next) < Policies)
                {
                    await Task.Delay(20);
                }

                await process.DisposeAsync(); // SIGKILL
                await Task.WhenAll(workers);
                process = await StartAsync(data, port, config);
            }

            output.WriteLine($"{acknowledged.Count} deletes acknowledged across {Kills} kills; checkpoints seen: {string.Join(", ", checkpoints.Select(c => c.Size))}");
            Assert.NotEmpty(acknowledged);

            // Every acknowledged change is in the log.
            var logged = new Dictionary<string, long>(StringComparer.Ordinal);
            for (long? from = 0; from is not null;)
            {
                var page = (await SendAsync(data, port, HttpMethod.Get, $"/audit/entries?type=management.change&limit=1000&fromIndex={from}", null)).Body!;
                foreach (var entry in page["items"]!.AsArray())
                {
                    var details = entry!["record"]!["details"]!;
                    if (details["method"]!.GetValue<string>() == "DELETE" && details["status"]?.GetValue<int>() == 204)
                    {
                        logged[details["path"]!.GetValue<string>().Split('/')[^1]] = entry["index"]!.GetValue<long>();
                    }
                }

                from = page["next"]?.GetValue<long>();
            }

            var lost = acknowledged.Where(id => !logged.ContainsKey(id)).ToList();
            Assert.True(lost.Count == 0, $"acknowledged but not in the audit log: {string.Join(", ", lost)}");

            // Each has a valid inclusion proof against the latest signed checkpoint.
            var latest = await LatestCheckpointAsync(data, port);
            foreach (var id in acknowledged)
            {
                var proven = (await SendAsync(data, port, HttpMethod.Get, $"/audit/entries/{logged[id]}", null)).Body!;
                var size = proven["checkpoint"]!["size"]!.GetValue<long>();
                var root = RootOf(proven["checkpoint"]!["note"]!.GetValue<string>());
                var leaf = SHA256.HashData([0x00, .. Convert.FromBase64String(proven["entry"]!["data"]!.GetValue<string>())]);
                Assert.True(size >= latest.Size, $"the proof of {id} is against a checkpoint of {size}, older than {latest.Size}");
                Assert.True(VerifyInclusion(logged[id], size, leaf, Hashes(proven["inclusionProof"]!), root), $"the inclusion proof of {id} (entry {logged[id]})");
            }

            // The log as it is now extends every checkpoint seen before the kills.
            foreach (var (size, root) in checkpoints.Where(c => c.Size > 0))
            {
                var consistency = (await SendAsync(data, port, HttpMethod.Get, $"/audit/checkpoints/{latest.Size}?fromSize={size}", null)).Body!;
                Assert.True(VerifyConsistency(size, latest.Size, root, latest.Root, Hashes(consistency["consistencyProof"]!)), $"the log is consistent with the checkpoint of size {size}");
            }
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    private static Task<ConnectorProcess> StartAsync(string data, int port, string config) => ConnectorProcess.StartAsync(
        "dotnet",
        [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data, "--config", config],
        Path.GetDirectoryName(data)!,
        TimeSpan.FromSeconds(60));

    private async Task<(long Size, byte[] Root)> LatestCheckpointAsync(string data, int port)
    {
        var (status, body) = await SendAsync(data, port, HttpMethod.Get, "/audit/checkpoints/latest", null);
        return status == HttpStatusCode.OK ? (body!["size"]!.GetValue<long>(), Convert.FromBase64String(body["root"]!.GetValue<string>())) : (0, []);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string data, int port, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{port}/api/management/v1{path}");
        request.Headers.Add("X-Api-Key", (await File.ReadAllTextAsync(Path.Combine(data, "management-api-key"))).Trim());
        request.Content = body is null ? null : JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static byte[] RootOf(string note) => Convert.FromBase64String(note.Split('\n')[2]);

    private static List<byte[]> Hashes(JsonNode array) => [.. array.AsArray().Select(h => Convert.FromBase64String(h!.GetValue<string>()))];

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    // RFC 9162 §2.1.3.2.
    private static bool VerifyInclusion(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root)
    {
        if (index >= size)
        {
            return false;
        }

        long fn = index, sn = size - 1;
        var r = leaf;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    // RFC 9162 §2.1.4.2.
    private static bool VerifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof)
    {
        if (first == second)
        {
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        }

        if (first > second || proof.Count == 0)
        {
            return false;
        }

        if ((first & (first - 1)) == 0)
        {
            proof = [firstRoot, .. proof];
        }

        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = proof[0], sr = proof[0];
        foreach (var c in proof.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot) && sn == 0;
    }
}
