using Dataspace.Conformance;

namespace Dataspace.Cli.Tests.Conformance;

/// <summary>What the conformance commands say about bad input: one line, exit 2 before any check runs (1 for an invalid certificate).</summary>
public sealed class ConformanceUsageTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-conformance-usage-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData("--check", "NOPE:01", "no check has the id 'NOPE:01'")]
    [InlineData("--target", "ftp://example.org/dsp", "--target 'ftp://example.org/dsp' is not an absolute http or https URL")]
    [InlineData("--profile", "dspx", "--profile 'dspx' is unknown; expected dsp, dcp, policy, robustness, hardening or all")]
    [InlineData("--connector-did", "did:web:x.example", "give --certifier-keys too")]
    public async Task Run_BadOption_IsOneLineAndExitCodeTwo(string option, string value, string message)
    {
        var config = await WriteAsync("ok.properties", "dataspacetck.dsp.connector.http.url=http://127.0.0.1:9/api/dsp\n");

        var (exit, output, error) = await Cli.RunAsync("conformance", "run", "--config", config, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(output);
    }

    [Fact]
    public async Task Run_ConfigurationError_NamesFileAndLine()
    {
        var config = await WriteAsync("target.json", "{\n  \"dataspacetck.dsp.connector.http.url\": \"http://127.0.0.1:9/api/dsp\",\n  \"CN_01_01_DATASETID\": [\"ACN0101\"]\n}");

        var (exit, _, error) = await Cli.RunAsync("conformance", "run", "--config", config);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --config: target.json, line 3: the value of 'CN_01_01_DATASETID' is an array", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedTargetUrlInTheFile_IsAUsageErrorNamingTheKey()
    {
        var config = await WriteAsync("target.properties", "dataspacetck.dsp.connector.http.url=not-a-url\n");
        var (exit, _, error) = await Cli.RunAsync("conformance", "run", "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("target.properties: configuration key 'dataspacetck.dsp.connector.http.url' must be an absolute http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CheckWhoseFixtureKeyIsMissing_IsCountedAsAnErrorNotAFailure_AndExitsOne()
    {
        // Nothing listens on port 9: the check must end before it talks to the target, on the suite's own configuration.
        var config = await WriteAsync("partial.properties", "dataspacetck.dsp.connector.http.url=http://127.0.0.1:9/api/dsp\n");

        var (exit, output, _) = await Cli.RunAsync("conformance", "run", "--config", config, "--check", "CN:01-01");

        Assert.Equal(1, exit);
        Assert.Contains(output.Split('\n'), l => l.Contains("ERROR", StringComparison.Ordinal) && l.Contains(" CN:01-01 ", StringComparison.Ordinal));
        Assert.Contains("configuration key 'CN_01_01_DATASETID' is required", output, StringComparison.Ordinal);
        Assert.Contains("(0 failed, 1 could not run)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownFixtureSet_IsAUsageError()
    {
        var config = await WriteAsync("target.properties", "dataspacetck.dsp.connector.http.url=http://127.0.0.1:9/api/dsp\nconformance.fixtures=tck-full\n");
        var (exit, _, error) = await Cli.RunAsync("conformance", "run", "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("target.properties: conformance.fixtures 'tck-full' is unknown; expected tck-sample", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutATarget_SaysHowToGiveOne()
    {
        var config = await WriteAsync("empty.properties", "# nothing\n");
        var (exit, _, error) = await Cli.RunAsync("conformance", "run", "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("no target: give --target URL or set dataspacetck.dsp.connector.http.url in empty.properties", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CertificateOptions_AreCheckedBeforeAnyCheckRuns()
    {
        var config = await WriteAsync("ok.properties", "dataspacetck.dsp.connector.http.url=http://127.0.0.1:9/api/dsp\n");
        var secret = await WriteAsync("secret", "a-secret-of-at-least-16-chars");
        var emptyKeys = Directory.CreateDirectory(Path.Combine(_temp.FullName, "certifier")).FullName;

        var subset = await Cli.RunAsync("conformance", "run", "--config", config, "--check", "MET:01-01", "--certifier-keys", emptyKeys, "--connector-did", "did:web:x.example");
        var noKey = await Cli.RunAsync("conformance", "run", "--config", config, "--profile", "dsp", "--certifier-keys", emptyKeys, "--secret-file", secret, "--connector-did", "did:web:x.example");
        var noDid = await Cli.RunAsync("conformance", "run", "--config", config, "--profile", "dsp", "--certifier-keys", emptyKeys, "--secret-file", secret);
        var badDid = await Cli.RunAsync("conformance", "run", "--config", config, "--profile", "dsp", "--certifier-keys", emptyKeys, "--secret-file", secret, "--connector-did", "connector-1");

        Assert.Equal((2, 2, 2, 2), (subset.ExitCode, noKey.ExitCode, noDid.ExitCode, badDid.ExitCode));
        Assert.Contains("a certificate needs a full pass; drop --check or --certifier-keys", subset.Error, StringComparison.Ordinal);
        Assert.Contains("holds no key; create one with 'dataspace keys new", noKey.Error, StringComparison.Ordinal);
        Assert.Contains("needs the connector's DID", noDid.Error, StringComparison.Ordinal);
        Assert.Contains("--connector-did:", badDid.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(emptyKeys));
    }

    [Fact]
    public async Task VerifyCertificate_MissingFileIsAUsageError_GarbageIsInvalid()
    {
        var missing = await Cli.RunAsync("conformance", "verify-certificate", Path.Combine(_temp.FullName, "absent.jwt"));
        var garbage = await Cli.RunAsync("conformance", "verify-certificate", await WriteAsync("garbage.jwt", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, garbage.ExitCode);
        Assert.StartsWith("error: garbage.jwt is not a valid conformance certificate: not a verifiable credential JWT", garbage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsEveryCheckOfTheProfile()
    {
        var (exit, output, _) = await Cli.RunAsync("conformance", "list", "--profile", "dsp");

        Assert.Equal(0, exit);
        var dsp = ConformanceSuite.ForProfile(ConformanceProfiles.Dsp);
        Assert.NotEmpty(dsp);
        foreach (var check in dsp)
        {
            Assert.Contains(output.Split('\n'), l => l.StartsWith(check.Id + " ", StringComparison.Ordinal) && l.Contains(check.Name, StringComparison.Ordinal));
        }

        Assert.Contains($"{dsp.Count} checks (suite {ConformanceSuite.Version})", output, StringComparison.Ordinal);
        var markdown = await Cli.RunAsync("conformance", "list", "--markdown");
        Assert.Equal(ConformanceSuite.All.Count + 2, markdown.Output.TrimEnd().Split('\n').Length);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_temp.FullName, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
