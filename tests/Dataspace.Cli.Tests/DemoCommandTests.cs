using System.Text.RegularExpressions;
using Dataspace.Cli.Tests.Management;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests;

/// <summary><c>dataspace demo</c>: two in-process connectors walk from publishing to the agreement (and the download, with the HTTP transport plugin).</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public void Readme_DemoSection_FollowsSetUpAndGivesTheDemoCommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var sections = Regex.Matches(readme, @"^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
        var demo = DemoSection().Match(readme);

        Assert.Equal(sections.IndexOf("Set-up") + 1, sections.IndexOf("Try it: the demo"));
        Assert.True(demo.Success, "README.md has no '## Try it: the demo' section");
        Assert.Equal(["dotnet run --project connector/Dataspace.Cli -- demo"], CodeLine().Matches(demo.Value).Select(m => m.Groups[1].Value.Trim()));
    }

    [Fact]
    public async Task Demo_WalksThroughEveryStepWithTimings_AndEndsWithTheCommandsToDoItByHand()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--timeout", "30");

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"\[1/7\] Start a provider and a consumer connector \(\d+(\.\d)? m?s\)", output);
        Assert.Matches(@"provider did:web:provider\.demo at http://127\.0\.0\.1:\d+", output);
        Assert.Matches(@"\[2/7\] Publish a dataset on the provider \(", output);
        Assert.Contains("dataset 'city-air-quality' with offer(s) city-air-quality-offer", output, StringComparison.Ordinal);
        Assert.Matches(@"negotiation \S+: FINALIZED", output);
        Assert.Matches(@"\[5/7\] Read the agreement \(", output);
        Assert.Contains("did:web:provider.demo lets did:web:consumer.demo use 'city-air-quality'; both connectors hold it", output, StringComparison.Ordinal);
        if (ConnectorPairFixture.HttpTransportBundled)
        {
            Assert.Matches(@"\[7/7\] Download the data and complete the transfer \(consumer\)", output);
            Assert.Contains("identical to the provider's file; transfer COMPLETED", output, StringComparison.Ordinal);
            Assert.Contains("Centre,2026-11-01,12.4,31", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("The demo stops after the agreement: the provider offers no HttpData-PULL transfer because the HTTP transport plugin", output, StringComparison.Ordinal);
            Assert.DoesNotContain("[6/7]", output, StringComparison.Ordinal);
        }

        Assert.Contains("To do the same by hand", output, StringComparison.Ordinal);
        Assert.Contains("dataspace negotiate --connector http://127.0.0.1:8282 --data-dir consumer-data --from http://127.0.0.1:8181/api/dsp --offer city-air-quality-offer --wait", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Demo_NoDataSourcePlugin_FailsNamingTheStepAndTheReason()
    {
        var empty = Directory.CreateTempSubdirectory("demo-no-plugins-");
        try
        {
            var (exit, output, error) = await Cli.RunAsync("demo", "--plugins-dir", empty.FullName);

            Assert.Equal(1, exit);
            Assert.StartsWith("error: step 2 (Publish a dataset on the provider) failed: no data source handles address type 'FileSystem'", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("[1/7] Start a provider and a consumer connector", output, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Demo_MissingPluginsDir_FailsSayingSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "demo-missing-" + Guid.NewGuid().ToString("N"));

        var (exit, _, error) = await Cli.RunAsync("demo", "--plugins-dir", missing);

        Assert.Equal(1, exit);
        Assert.Equal($"error: --plugins-dir {missing} does not exist", error.Trim());
    }

    [GeneratedRegex(@"## Try it: the demo.*?(?=\n## )", RegexOptions.Singleline)]
    private static partial Regex DemoSection();

    [GeneratedRegex(@"```(?:bash|sh)\n([^`]+?)\n```")]
    private static partial Regex CodeLine();
}
