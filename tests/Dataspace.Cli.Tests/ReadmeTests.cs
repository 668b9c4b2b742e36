using System.Net;
using System.Text.RegularExpressions;
using Dataspace.Cli.Tests.Run;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests;

/// <summary>The README's set-up commands are the ones that work: the first thing a user types must keep working.</summary>
public sealed partial class ReadmeTests : IDisposable
{
    private const string RunCommand = "dotnet run --project connector/Dataspace.Cli -- run";
    private const string TestCommand = "./test.sh";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("readme-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Readme_GivesExactlyTheRunAndTestCommands()
    {
        var setup = SetupSection().Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));
        Assert.True(setup.Success, "README.md has no '## Set-up' section");
        var commands = CodeLine().Matches(setup.Value).Select(m => m.Groups[1].Value.Trim()).ToList();

        Assert.Equal([RunCommand, TestCommand], commands);
        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run"));
        Assert.Contains("bash ./test.sh", ci, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readme_RunCommand_StartsAConnectorThatIsReady()
    {
        // The README's command, with a free port and a scratch data folder; the test run has already built it.
        var arguments = RunCommand.Split(' ').Skip(1).ToList();
        arguments.Insert(1, "--no-build");
        arguments.AddRange(["--port", "0", "--data-dir", Path.Combine(_temp.FullName, "data")]);

        await using var connector = await ConnectorProcess.StartAsync("dotnet", arguments, RepositoryPaths.Root, TimeSpan.FromSeconds(120));
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("dataspace.storage.filesystem", connector.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"## Set-up.*?(?=\n## )", RegexOptions.Singleline)]
    private static partial Regex SetupSection();

    [GeneratedRegex(@"```(?:bash|sh)\n([^`]+?)\n```")]
    private static partial Regex CodeLine();
}
