using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Benchmarks.JsonLd;
using Dataspace.Dsp;
using Dataspace.JsonLd;

// Usage: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.JsonLd [-- --quick]
// Needs `npm ci` in benchmarks/Dataspace.Benchmarks.JsonLd/node for the jsonld.js column.
// Columns: fast path = canonical bytes to records (one Utf8JsonReader pass); full path = parse, expand, compact with the DSP
// context and map to the same records (what a non-canonical message costs); expansion only = parse
// and expand; jsonld.js = JSON.parse and jsonld.expand in node, same contexts, served locally.
// Below the table, one line per target of issue 3 says whether this run met it, with the ratios.
var quick = args.Contains("--quick");
var serializer = new DspSerializer();
var processor = new JsonLdProcessor();
var work = Directory.CreateTempSubdirectory("jsonld-bench-");
var contexts = WriteContexts(work.FullName);
var rows = new List<string>
{
    "| input | bytes | fast path µs/op | full path µs/op | expansion only µs/op | jsonld.js expansion µs/op | full path ÷ fast | expansion ÷ fast | jsonld.js ÷ our expansion |",
    "|---|---|---|---|---|---|---|---|---|",
};

var results = new List<Result>
{
    await MeasureAsync<Catalog>("DCAT catalog, 100 datasets", BenchmarkInputs.Catalog(100), quick ? 20 : 100),
    await MeasureAsync<ContractRequestMessage>("contract request message", BenchmarkInputs.ContractRequest(), quick ? 200 : 2000),
};
work.Delete(recursive: true);
rows.AddRange(results.Select(r => r.Row));
Console.WriteLine(string.Join(Environment.NewLine, rows));
Console.WriteLine();
Console.WriteLine(Target("fast path at least 10x faster than the full path", results.Select(r => r.FullPath / r.Fast), 10));
Console.WriteLine(Target("fast path at least 10x faster than expansion alone", results.Select(r => r.Expansion / r.Fast), 10));
Console.WriteLine(results.Any(r => r.JsonLdJs is null)
    ? "target our expansion faster than jsonld.js: not measured (run npm ci in node/)"
    : Target("our expansion faster than jsonld.js", results.Select(r => r.JsonLdJs!.Value / r.Expansion), 1));
return 0;

static string Target(string name, IEnumerable<double> ratios, double minimum)
{
    var list = ratios.ToList();
    var met = list.All(r => r >= minimum);
    return $"target {name}: {(met ? "met" : "NOT MET")} ({string.Join(", ", list.Select(r => r.ToString("F1", CultureInfo.InvariantCulture) + "x"))})";
}

async Task<Result> MeasureAsync<T>(string name, JsonObject input, int iterations)
    where T : class, IDspMessage
{
    var bytes = Encoding.UTF8.GetBytes(input.ToJsonString());
    if (!serializer.TryReadCanonical<T>(bytes, out var fastRecord))
    {
        throw new InvalidOperationException($"The {name} input is not in canonical form, so the fast path would not apply.");
    }

    // The paths compared must give the same record, or the ratio would compare different work.
    var fullRecord = await serializer.ReadExpandedAsync<T>(JsonLdDocument.Parse(bytes));
    if (!JsonNode.DeepEquals(JsonNode.Parse(serializer.Write(fastRecord)), JsonNode.Parse(serializer.Write(fullRecord))))
    {
        throw new InvalidOperationException($"The fast and the full path read the {name} input to different records.");
    }

    var timings = await TimeInterleavedAsync(
        iterations,
        () =>
        {
            serializer.TryReadCanonical<T>(bytes, out _);
            return Task.CompletedTask;
        },
        () => serializer.ReadExpandedAsync<T>(JsonLdDocument.Parse(bytes)),
        () => processor.ExpandAsync(JsonLdDocument.Parse(bytes)));
    var (fast, fullPath, full) = (timings[0], timings[1], timings[2]);
    var js = RunJsonLdJs(bytes, iterations);
    var jsText = js is null ? "n/a (run npm ci in node/)" : Format(js.Value);
    var ratio = js is null ? "n/a" : (js.Value / full).ToString("F1", CultureInfo.InvariantCulture) + "x";
    return new Result($"| {name} | {bytes.Length} | {Format(fast)} | {Format(fullPath)} | {Format(full)} | {jsText} | {Ratio(fullPath, fast)} | {Ratio(full, fast)} | {ratio} |", fast, fullPath, full, js);
}

static string Ratio(double slow, double fast) => (slow / fast).ToString("F1", CultureInfo.InvariantCulture) + "x";

static string Format(double microseconds) => microseconds.ToString("F1", CultureInfo.InvariantCulture);

// The measures of one input run interleaved, batch by batch, so that a shared machine's changing load hits
// them alike; each first runs for a while so that tiered JIT compilation has settled, then the fastest
// of seven batches counts.
static async Task<double[]> TimeInterleavedAsync(int iterations, params Func<Task>[] actions)
{
    foreach (var action in actions)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(2))
        {
            await action();
        }
    }

    var best = Enumerable.Repeat(double.MaxValue, actions.Length).ToArray();
    for (var batch = 0; batch < 7; batch++)
    {
        for (var a = 0; a < actions.Length; a++)
        {
            // The slow measures run fewer iterations so that each batch takes a similar time.
            var count = a == 0 ? iterations * 4 : iterations;
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await actions[a]();
            }

            best[a] = Math.Min(best[a], stopwatch.Elapsed.TotalMicroseconds / count);
        }
    }

    return best;
}

double? RunJsonLdJs(byte[] input, int iterations)
{
    var nodeFolder = Path.Combine(FindRepositoryRoot(), "benchmarks", "Dataspace.Benchmarks.JsonLd", "node");
    if (!Directory.Exists(Path.Combine(nodeFolder, "node_modules", "jsonld")))
    {
        return null;
    }

    var inputFile = Path.Combine(work.FullName, "input.jsonld");
    File.WriteAllBytes(inputFile, input);
    var start = new ProcessStartInfo("node")
    {
        WorkingDirectory = nodeFolder,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var arg in new[] { "expand-bench.mjs", inputFile, contexts, Math.Max(1, iterations / 10).ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(arg);
    }

    using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
    var output = node.StandardOutput.ReadToEnd();
    var error = node.StandardError.ReadToEnd();
    node.WaitForExit();
    if (node.ExitCode != 0)
    {
        throw new InvalidOperationException($"jsonld.js failed: {error}");
    }

    return JsonNode.Parse(output)!["msPerOp"]!.GetValue<double>() * 1000;
}

static string WriteContexts(string folder)
{
    // jsonld.js gets exactly the contexts our processor embeds, from local files.
    var map = new JsonObject();
    var assembly = typeof(JsonLdProcessor).Assembly;
    foreach (var (url, resource) in new[]
    {
        ("https://w3id.org/dspace/2025/1/context.jsonld", "dspace-2025-1.jsonld"),
        ("https://w3id.org/dspace/2025/1/odrl-profile.jsonld", "dspace-2025-1-odrl-profile.jsonld"),
    })
    {
        var path = Path.Combine(folder, resource);
        using (var stream = assembly.GetManifestResourceStream("Dataspace.JsonLd.Contexts." + resource)!)
        using (var file = File.Create(path))
        {
            stream.CopyTo(file);
        }

        map[url] = path;
    }

    var mapFile = Path.Combine(folder, "contexts.json");
    File.WriteAllText(mapFile, map.ToJsonString());
    return mapFile;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Connector.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException($"Connector.sln not found above {Assembly.GetEntryAssembly()?.Location}.");
}

/// <summary>One input's measures in µs per operation, and its table row.</summary>
internal sealed record Result(string Row, double Fast, double FullPath, double Expansion, double? JsonLdJs);
