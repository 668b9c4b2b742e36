using System.Globalization;
using Dataspace.Cli.Tests.FirstUse;
using Dataspace.Connector.Testing;
using Dataspace.Identity;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// The real registration centre: <c>dataspace authority init</c> on a fresh folder, then <c>dataspace authority serve
/// --approve auto --allow-http-loopback</c> as its own process on a free loopback port; operator commands on its folder.
/// </summary>
internal sealed class AuthorityProcess : IAsyncDisposable
{
    private readonly CliProcess _serve;

    private AuthorityProcess(CliProcess serve, string did, string url, string dataDirectory, string secretFile)
    {
        _serve = serve;
        Did = did;
        Url = url;
        DataDirectory = dataDirectory;
        SecretFile = secretFile;
    }

    public string Did { get; }

    public string Url { get; }

    public string DataDirectory { get; }

    public string SecretFile { get; }

    /// <summary>What <c>serve</c> printed, for the test's messages.</summary>
    public string Output => _serve.Output;

    public static async Task<AuthorityProcess> StartAsync(string root)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var did = $"did:web:127.0.0.1%3A{port}";
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "authority-data");
        var secret = Path.Combine(root, "authority-secret");
        await File.WriteAllTextAsync(secret, "authority-process-secret-0123456789");
        var (exit, output, error) = await Cli.RunAsync("authority", "init", "--did", did, "--public-url", url, "--data-dir", data, "--secret-file", secret);
        Assert.True(exit == 0, output + error);

        var serve = CliProcess.Start(root, "authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret,
            "--approve", "auto", "--allow-http-loopback");
        await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(90));
        return new AuthorityProcess(serve, did, url, data, secret);
    }

    /// <summary>Runs <c>dataspace authority ARGS --data-dir … --secret-file …</c> on this authority's folder, as its operator.</summary>
    public Task<(int ExitCode, string Output, string Error)> OperatorAsync(params string[] args) =>
        Cli.RunAsync([.. args, "--data-dir", DataDirectory, "--secret-file", SecretFile]);

    /// <summary>A credential JWT the authority issues with <c>dataspace authority issue</c>.</summary>
    public async Task<string> IssueAsync(string subject, string type)
    {
        var (exit, output, error) = await OperatorAsync("authority", "issue", "--subject", subject, "--type", type);
        Assert.True(exit == 0, error);
        return output.Trim();
    }

    /// <summary>A self-issued ID token signed with the authority's key (read from its folder), as the authority sends with a delivery.</summary>
    public async Task<string> IdTokenAsync(string audience)
    {
        using var keys = new KeyStore(Path.Combine(DataDirectory, "keys"), (await File.ReadAllTextAsync(SecretFile)).Trim(), TimeProvider.System);
        var identity = await LocalIdentities.LoadAsync(keys, Did, [], JwsAlgorithms.ES256, TimeProvider.System, CancellationToken.None);
        using var _ = identity.Signer.Key;
        return new SecureTokenService(new StaticLocalIdentityProvider(identity), TimeProvider.System, new IdentityOptions()).CreateIdToken(audience);
    }

    public ValueTask DisposeAsync() => _serve.DisposeAsync();

    internal static int FreePort() => LoopbackPorts.Next();
}
