using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dataspace.Cli.Demo;
using Dataspace.Cli.Tests.Readme;
using Dataspace.Connector.Testing;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Demo;

/// <summary>
/// The commands <c>dataspace demo</c> prints at the end work as printed: an authority and two <c>dataspace run</c>
/// connectors started as their own processes (on free ports instead of the printed ones), then every command of the
/// last terminal, ending with the downloaded file identical to the published one.
/// </summary>
public sealed partial class DemoHandCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("demo-by-hand-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void PrintedCommands_AreOneSecretAndFourTerminals_EachLongRunningOneLast()
    {
        var sections = Sections(DemoInstructions.Lines(DemoCommand.Publication));

        Assert.Equal(5, sections.Count);
        Assert.Equal([$"alias dataspace='dotnet \"{Path.Combine(AppContext.BaseDirectory, "dataspace.dll")}\"'", $"export DATASPACE_KEYSTORE_SECRET={DemoInstructions.Secret}"], sections[0].Commands);
        Assert.StartsWith("dataspace authority serve ", sections[1].Commands[^1], StringComparison.Ordinal);
        Assert.StartsWith("DATASPACE_Connector__Identity__Did=did:web:127.0.0.1%3A8181 DATASPACE_Connector__Identity__PublicUrl=http://127.0.0.1:8181 ", sections[2].Commands[^1], StringComparison.Ordinal);
        Assert.EndsWith("dataspace run --data-dir consumer-data --port 8282", sections[3].Commands[^1], StringComparison.Ordinal);
        Assert.All(sections[4].Commands, c => Assert.DoesNotContain("dataspace run", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrintedCommands_RunByHand_DownloadTheDemoFile()
    {
        var ports = FreePorts();
        var sections = Sections(DemoInstructions.Lines(DemoCommand.Publication))
            .Select(s => s with { Commands = [.. s.Commands.Select(c => PrintedPort().Replace(c, m => ports[int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)].ToString(System.Globalization.CultureInfo.InvariantCulture)))] })
            .ToList();
        var prelude = new StringBuilder()
            .AppendLine("set -eo pipefail")
            // An interactive shell expands the printed alias; a script only when asked to.
            .AppendLine("shopt -s expand_aliases")
            .AppendJoin('\n', sections[0].Commands).AppendLine()
            .ToString();

        var running = new List<TerminalProcess>();
        try
        {
            running.Add(await StartTerminalAsync(_folder.FullName, "authority", prelude, sections[1].Commands, $"http://127.0.0.1:{ports[DemoInstructions.AuthorityPort]}/.well-known/did.json"));
            running.Add(await StartTerminalAsync(_folder.FullName, "provider", prelude, sections[2].Commands, $"http://127.0.0.1:{ports[DemoInstructions.ProviderPort]}/health/ready"));
            running.Add(await StartTerminalAsync(_folder.FullName, "consumer", prelude, sections[3].Commands, $"http://127.0.0.1:{ports[DemoInstructions.ConsumerPort]}/health/ready"));

            var script = Path.Combine(_folder.FullName, "terminal-4.sh");
            await File.WriteAllTextAsync(script, prelude + string.Join('\n', sections[4].Commands) + "\n");
            var (exit, output) = await ProcessRunner.RunAsync("bash", [script], _folder.FullName, TimeSpan.FromMinutes(4));

            Assert.True(exit == 0, $"terminal 4 exited {exit}:\n{output}\n{string.Join("\n", running.Select(t => t.Line + ":\n" + t.Output))}");
            Assert.Contains($"Imported urn:uuid:", output, StringComparison.Ordinal);
            Assert.Contains(DemoCommand.Publication.OfferId, output, StringComparison.Ordinal);
            Assert.Matches(@"Transfer \S+ STARTED; downloaded \d+ bytes to ", output);
            Assert.Equal(DemoCommand.Publication.Content, await File.ReadAllTextAsync(Path.Combine(_folder.FullName, DemoCommand.Publication.FileName)));
        }
        finally
        {
            foreach (var terminal in running)
            {
                await terminal.DisposeAsync();
            }
        }
    }

    /// <summary>The printed text cut into sections at each unindented line; indented lines are commands, a trailing backslash continues one.</summary>
    private static List<Section> Sections(IReadOnlyList<string> lines)
    {
        var sections = new List<Section> { new("", []) };
        var pending = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                var text = line[2..];
                if (text.EndsWith(" \\", StringComparison.Ordinal))
                {
                    pending += text[..^1];
                    continue;
                }

                sections[^1].Commands.Add(pending + text);
                pending = "";
            }
            else if (line.Length > 0 && (line.StartsWith("Terminal ", StringComparison.Ordinal)))
            {
                sections.Add(new Section(line, []));
            }
        }

        Assert.Equal("", pending);
        return sections;
    }

    private static Dictionary<int, int> FreePorts() => new()
    {
        [DemoInstructions.AuthorityPort] = LoopbackPorts.Next(),
        [DemoInstructions.ProviderPort] = LoopbackPorts.Next(),
        [DemoInstructions.ConsumerPort] = LoopbackPorts.Next(),
    };

    [GeneratedRegex(@"(?<!\d)(8190|8181|8282)(?!\d)")]
    private static partial Regex PrintedPort();

    private sealed record Section(string Title, List<string> Commands);

    /// <summary>One terminal's commands run by bash; the last one keeps running until <paramref name="readyUrl"/> answers 200.</summary>
    private static async Task<TerminalProcess> StartTerminalAsync(string folder, string name, string prelude, IReadOnlyList<string> commands, string readyUrl)
    {
        var script = Path.Combine(folder, name + ".sh");
        await File.WriteAllTextAsync(script, prelude + string.Join('\n', commands) + "\n");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await TerminalProcess.StartAsync(ProcessRunner.StartInfo("bash", [script], folder), name, async _ =>
        {
            try
            {
                using var response = await http.GetAsync(readyUrl);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                return false; // Listening, but still starting on a busy machine: ask again.
            }
        }, TimeSpan.FromMinutes(2));
    }
}
