namespace Dataspace.Cli.Tests;

public sealed class CliApplicationTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("plugins", "--help")]
    [InlineData("plugins", "list", "--help")]
    public async Task Help_OnEveryCommand_PrintsUsageAndExitsZero(params string[] args)
    {
        var (exit, output, _) = await Cli.RunAsync(args);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_PrintsHelp()
    {
        var (_, output, _) = await Cli.RunAsync();

        Assert.Contains("run", output, StringComparison.Ordinal);
        Assert.Contains("plugins", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new[] { "run", "--port", "70000" }, "--port must be between 0 and 65535")]
    [InlineData(new[] { "run", "--port", "eighty" }, "eighty")]
    [InlineData(new[] { "run", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    public async Task BadArguments_OneLineErrorAndExitTwo(string[] args, string expected)
    {
        var (exit, output, error) = await Cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingPluginsDir_OneLineErrorAndExitOne()
    {
        var (exit, _, error) = await Cli.RunAsync("run", "--plugins-dir", "/nonexistent/plugins", "--port", "0");

        Assert.Equal(1, exit);
        Assert.Equal("error: --plugins-dir /nonexistent/plugins does not exist", error.Trim());
    }

    [Fact]
    public async Task Run_MissingConfigFile_OneLineErrorAndExitOne()
    {
        var (exit, _, error) = await Cli.RunAsync("run", "--config", "/nonexistent/connector.json", "--port", "0");

        Assert.Equal(1, exit);
        Assert.Equal("error: --config /nonexistent/connector.json does not exist", error.Trim());
    }

    [Fact]
    public async Task Run_FaultyPlugin_RefusesToStartWithOneLine()
    {
        var temp = Directory.CreateTempSubdirectory("cli-run-");
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(temp.FullName, "plugins", "Broken")).Parent!.FullName;
            await File.WriteAllTextAsync(Path.Combine(plugins, "Broken", "plugin.json"), "{ nope");

            var (exit, _, error) = await Cli.RunAsync("run", "--plugins-dir", plugins, "--data-dir", Path.Combine(temp.FullName, "data"), "--port", "0");

            Assert.Equal(1, exit);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: plugin 'Broken'", line, StringComparison.Ordinal);
            Assert.Contains("is not valid JSON", line, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
