using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dataspace.Connector.Testing;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Readme;

/// <summary>
/// The README's "Join a data space" block, run as printed in an empty folder: an authority, two fresh connectors, both
/// join, the provider publishes a file, the consumer finds it by search, negotiates by DID and downloads it. Only the
/// ports are replaced (by free ones, the same everywhere); long-running lines run in terminals of their own.
/// </summary>
public sealed partial class ReadmeJoinTests : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("readme-join-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task JoinADataSpace_AsPrinted_TheConsumerFindsNegotiatesAndDownloadsTheProvidersFile()
    {
        var lines = WithFreePorts(BashBlock("Join a data space"));
        Assert.Contains(lines, l => l.Contains("dataspace authority serve", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains("dataspace join ", StringComparison.Ordinal)));
        var search = Assert.Single(lines, l => l.StartsWith("dataspace search ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("dataspace transfer ", StringComparison.Ordinal));

        var terminals = new List<TerminalProcess>();
        var printed = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var shell = ReadmeShell.Start(_folder.FullName);
        try
        {
            foreach (var line in lines)
            {
                if (ReadyText(line) is { } ready)
                {
                    terminals.Add(await TerminalProcess.StartAsync(_folder.FullName, line, ready, TimeSpan.FromSeconds(120)));
                    continue;
                }

                var (exit, output) = await shell.RunAsync(line, LineTimeout);
                Assert.True(exit == 0, $"`{line}` exited with {exit}:\n{output}\n{Logs(terminals)}");
                printed[line] = output;
            }
        }
        finally
        {
            foreach (var terminal in terminals)
            {
                await terminal.DisposeAsync();
            }
        }

        // The consumer found the provider's offer by search, not by knowing its URL.
        Assert.Contains("Daily rainfall", printed[search], StringComparison.Ordinal);
        Assert.Contains("rain-offer", printed[search], StringComparison.Ordinal);

        var published = await File.ReadAllBytesAsync(Path.Combine(_folder.FullName, "provider-data", "plugins", "dataspace.storage.filesystem", "files", "rain.csv"));
        Assert.Equal("day,rain_mm\n2026-12-01,3.2\n", Encoding.UTF8.GetString(published));
        Assert.Equal(published, await File.ReadAllBytesAsync(Path.Combine(_folder.FullName, "rain.csv")));
    }

    /// <summary>The commands of the first bash block of the README section <paramref name="heading"/>, one per line.</summary>
    internal static IReadOnlyList<string> BashBlock(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = Regex.Match(readme, @"\n## " + Regex.Escape(heading) + @"\n.*?(?=\n## |\z)", RegexOptions.Singleline);
        Assert.True(section.Success, $"README.md has no '## {heading}' section");
        var block = BashCode().Match(section.Value);
        Assert.True(block.Success, $"README.md's '## {heading}' has no ```bash block");
        return [.. block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    /// <summary>Replaces every port the lines name (in URLs, DIDs and --port) by a free one, the same everywhere.</summary>
    internal static IReadOnlyList<string> WithFreePorts(IReadOnlyList<string> lines)
    {
        var ports = lines.SelectMany(l => PortInUrl().Matches(l).Concat(PortOption().Matches(l))).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        // LoopbackPorts never hands out the same port twice in one process.
        var free = ports.ToDictionary(p => p, _ => LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

        return [.. lines.Select(l => free.Aggregate(l, (text, p) => Regex.Replace(text, @"(?<!\d)" + p.Key + @"(?!\d)", p.Value)))];
    }

    /// <summary>What a long-running line prints once it serves; null for a line that runs to its end.</summary>
    internal static string? ReadyText(string line) =>
        line.Contains("dataspace authority serve", StringComparison.Ordinal) ? "serving"
        : line.StartsWith("dataspace run ", StringComparison.Ordinal) ? "ready at http"
        : null;

    internal static string Logs(IEnumerable<TerminalProcess> terminals) =>
        string.Join("\n", terminals.Select(t => $"--- {t.Line}\n{Tail(t.Output)}"));

    private static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;

    [GeneratedRegex(@"```bash\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex BashCode();

    [GeneratedRegex(@"127\.0\.0\.1(?::|%3A)(\d{2,5})(?!\d)")]
    private static partial Regex PortInUrl();

    [GeneratedRegex(@"--port (\d{2,5})(?!\d)")]
    private static partial Regex PortOption();
}
