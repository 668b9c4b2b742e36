using System.Text.RegularExpressions;
using Dataspace.Cli.Demo;
using Dataspace.Cli.Tests.Management;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests;

/// <summary><c>dataspace demo</c>: an authority and two in-process DCP connectors walk from credentials to the agreement (and the download, with the HTTP transport plugin).</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public void Readme_DemoSection_ComesFirst_AndGivesTheDemoCommand()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var sections = Regex.Matches(readme, @"^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
        var demo = DemoSection().Match(readme);
        var position = sections.IndexOf("Try it: the demo");

        // The issue wants the demo as the README's first command.
        Assert.True(position == 0, $"'Try it: the demo' is section {position} of {string.Join(", ", sections)}");
        Assert.True(demo.Success, "README.md has no '## Try it: the demo' section");
        Assert.Equal(["dotnet run --project connector/Dataspace.Cli -- demo"], CodeLine().Matches(demo.Value).Select(m => m.Groups[1].Value.Trim()));
    }

    [Fact]
    public async Task Demo_WalksThroughEveryStepWithTimings_OverDcp_AndEndsWithTheCommandsToDoItByHand()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--timeout", "30");

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"\[1/9\] Start a data-space authority \(\d+(\.\d)? m?s\)", output);
        var authority = Regex.Match(output, @"authority (did:web:127\.0\.0\.1%3A(\d+)) at http://127\.0\.0\.1:\2 ");
        Assert.True(authority.Success, output);
        Assert.Matches(@"\[2/9\] Start a provider and a consumer connector \(", output);
        var provider = Regex.Match(output, @"provider (did:web:127\.0\.0\.1%3A(\d+)) at http://127\.0\.0\.1:\2 \(data in ([^)]+)\)");
        var consumer = Regex.Match(output, @"consumer (did:web:127\.0\.0\.1%3A(\d+)) at http://127\.0\.0\.1:\2 ");
        Assert.True(provider.Success && consumer.Success, output);
        var (providerDid, consumerDid) = (provider.Groups[1].Value, consumer.Groups[1].Value);

        // DCP: the authority's credentials are valid in both wallets, the provider verifies the consumer's membership to
        // show it the members-only offer, and refuses the same request without a token.
        Assert.Matches(@"\[3/9\] Issue membership credentials \(", output);
        Assert.Matches($@"authority issued membership credential urn:uuid:\S+ to {Regex.Escape(providerDid)} \(dataspace=demo\); in the provider's wallet: Valid", output);
        Assert.Matches($@"authority issued membership credential urn:uuid:\S+ to {Regex.Escape(consumerDid)} \(dataspace=demo\); in the consumer's wallet: Valid", output);
        Assert.Contains("policy 'members-only': only members of data space 'demo'", output, StringComparison.Ordinal);
        Assert.Contains($"the provider verified {consumerDid} and its membership credential over DCP, so it shows the members-only offer", output, StringComparison.Ordinal);
        Assert.Contains("dataset 'city-air-quality' with offer(s) city-air-quality-offer", output, StringComparison.Ordinal);
        Assert.Contains("the same request without a DCP token: refused, 401 (MissingToken)", output, StringComparison.Ordinal);
        Assert.Matches(@"negotiation \S+: FINALIZED", output);
        Assert.Matches(@"\[7/9\] Read the agreement \(", output);
        Assert.Contains($"{providerDid} lets {consumerDid} use 'city-air-quality'; both connectors hold it", output, StringComparison.Ordinal);
        if (ConnectorPairFixture.HttpTransportBundled)
        {
            Assert.Matches(@"\[9/9\] Download the data and complete the transfer \(consumer\)", output);
            Assert.Contains($"{DemoCommand.Publication.Content.Length} bytes, identical to the provider's file; transfer COMPLETED", output, StringComparison.Ordinal);
            Assert.Contains("Centre,2026-11-01,12.4,31", output, StringComparison.Ordinal);
            Assert.Contains("every DSP call between them was authenticated with DCP", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("The demo stops after the agreement: the provider offers no HttpData-PULL transfer because the HTTP transport plugin", output, StringComparison.Ordinal);
            Assert.DoesNotContain("[8/9]", output, StringComparison.Ordinal);
        }

        // The commands printed are exactly the ones DemoHandCommandsTests runs.
        Assert.Contains(string.Join(Environment.NewLine, DemoInstructions.Lines(DemoCommand.Publication)), output, StringComparison.Ordinal);
        Assert.Contains("dataspace negotiate --connector http://127.0.0.1:8282 --data-dir consumer-data --from http://127.0.0.1:8181/api/dsp --counter-party-id did:web:127.0.0.1%3A8181 --offer city-air-quality-offer --wait", output, StringComparison.Ordinal);
        Assert.Equal("", error);

        // Cleaned up: the temporary folder holding every participant's data is gone.
        var root = Path.GetDirectoryName(provider.Groups[3].Value)!;
        Assert.StartsWith("dataspace-demo-", Path.GetFileName(root), StringComparison.Ordinal);
        Assert.False(Directory.Exists(root), $"{root} was left behind");
    }

    [Fact]
    public async Task Demo_NoDataSourcePlugin_FailsNamingTheStepAndTheReason_AndCleansUp()
    {
        var empty = Directory.CreateTempSubdirectory("demo-no-plugins-");
        try
        {
            var (exit, output, error) = await Cli.RunAsync("demo", "--plugins-dir", empty.FullName);

            Assert.Equal(1, exit);
            Assert.StartsWith("error: step 4 (Publish a dataset on the provider) failed: no data source handles address type 'FileSystem'", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("[3/9] Issue membership credentials", output, StringComparison.Ordinal);
            var data = Regex.Match(output, @"authority \S+ at \S+ \(data in ([^)]+)\)");
            Assert.True(data.Success, output);
            Assert.False(Directory.Exists(Path.GetDirectoryName(data.Groups[1].Value)), "the demo's temporary folder was left behind");
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
