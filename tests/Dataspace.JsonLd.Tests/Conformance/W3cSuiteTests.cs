using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Testing;
using Xunit.Abstractions;

namespace Dataspace.JsonLd.Tests.Conformance;

/// <summary>The W3C JSON-LD 1.1 test suite (../shared/jsonld-tests): the pass count of each manifest must not drop below the recorded baseline.</summary>
public sealed class W3cSuiteTests(ITestOutputHelper output)
{
    private static readonly string ProjectFolder = Path.Combine(RepositoryPaths.Root, "tests", "Dataspace.JsonLd.Tests");

    [SharedTheory]
    [InlineData("expand")]
    [InlineData("compact")]
    [InlineData("flatten")]
    public async Task Manifest_PassCount_DoesNotDropBelowBaseline(string manifest)
    {
        var runner = new SuiteRunner(RepositoryPaths.SharedPath("jsonld-tests"));
        var skips = LoadSkips(manifest);
        var passed = 0;
        var failures = new StringBuilder();
        var tests = runner.Tests(manifest);
        foreach (var test in tests)
        {
            var id = test["@id"]!.GetValue<string>();
            if (skips.ContainsKey(id))
            {
                continue;
            }

            var outcome = await runner.RunAsync(manifest, test);
            if (outcome.Passed)
            {
                passed++;
            }
            else
            {
                failures.AppendLine($"{manifest}{id} {outcome.Name}: {outcome.Failure}");
            }
        }

        var run = tests.Count - skips.Count;
        output.WriteLine($"{manifest}: {passed}/{run} passed ({tests.Count} in the manifest, {skips.Count} skipped)");
        output.WriteLine(failures.ToString());
        var baseline = LoadBaseline();
        if (Environment.GetEnvironmentVariable("JSONLD_UPDATE_BASELINE") == "1")
        {
            baseline[manifest] = new JsonObject { ["passed"] = passed, ["run"] = run, ["total"] = tests.Count };
            await File.WriteAllTextAsync(Path.Combine(ProjectFolder, "conformance-baseline.json"),
                baseline.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var recorded = baseline[manifest]?["passed"]?.GetValue<int>() ?? 0;
        Assert.True(passed >= recorded, $"{manifest}: {passed}/{run} passed, below the baseline of {recorded}.\n{failures}");
        Assert.All(skips.Keys, id => Assert.Contains(tests, t => t["@id"]!.GetValue<string>() == id));
    }

    private static JsonObject LoadBaseline()
    {
        var path = Path.Combine(ProjectFolder, "conformance-baseline.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
    }

    private static Dictionary<string, string> LoadSkips(string manifest)
    {
        var skips = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectFolder, "conformance-skips.json")))!.AsObject();
        return (skips[manifest] as JsonObject ?? []).ToDictionary(e => e.Key, e => e.Value!.GetValue<string>(), StringComparer.Ordinal);
    }
}
