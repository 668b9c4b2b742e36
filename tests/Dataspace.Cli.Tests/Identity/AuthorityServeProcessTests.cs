using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dataspace.Cli.Tests.FirstUse;
using Dataspace.Connector.Testing;

namespace Dataspace.Cli.Tests.Identity;

/// <summary><c>dataspace authority serve</c> as its own process: it stops on Ctrl+C (SIGINT) and SIGTERM.</summary>
public sealed class AuthorityServeProcessTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-authority-process-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_StopsWithExitCodeZero_OnSignal(string signal)
    {
        var port = FreePort();
        var data = Path.Combine(_root.FullName, "authority");
        var secret = Path.Combine(_root.FullName, "secret");
        await File.WriteAllTextAsync(secret, "cli-authority-process-secret");
        var (initExit, _, initError) = await Cli.RunAsync("authority", "init", "--did", $"did:web:127.0.0.1%3A{port}", "--public-url", $"http://127.0.0.1:{port}", "--data-dir", data, "--secret-file", secret);
        Assert.True(initExit == 0, initError);

        await using var serve = CliProcess.Start(_root.FullName, "authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret);
        await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(60));

        // Before the fix the signal was swallowed: the process kept running until killed.
        Assert.Equal(0, await serve.SignalAsync(signal, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Serve_PortInUse_SaysSoInOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Path.Combine(_root.FullName, "authority");
        var secret = Path.Combine(_root.FullName, "secret");
        await File.WriteAllTextAsync(secret, "cli-authority-process-secret");
        var (initExit, _, initError) = await Cli.RunAsync("authority", "init", "--did", $"did:web:127.0.0.1%3A{port}", "--data-dir", data, "--secret-file", secret);
        Assert.True(initExit == 0, initError);

        await using var serve = CliProcess.Start(_root.FullName, "authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"error: port {port} on 127.0.0.1 is already in use (choose another with --port)", serve.Output.Trim());
    }

    private static int FreePort() => LoopbackPorts.Next();
}
