using System.CommandLine;
using System.Text.Json.Nodes;
using Dataspace.Connector.Testing;

namespace Dataspace.Cli.Tests.Identity;

public sealed class AuthorityServeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-authority-serve-");

    [Fact]
    public async Task Serve_PublishesTheDidDocumentAndStatusLists_UntilCancelled()
    {
        var port = FreePort();
        var data = Path.Combine(_root.FullName, "authority");
        var secret = Path.Combine(_root.FullName, "secret");
        await File.WriteAllTextAsync(secret, "cli-authority-serve-secret");
        var did = $"did:web:127.0.0.1%3A{port}";
        var (initExit, _, initError) = await Cli.RunAsync("authority", "init", "--did", did, "--public-url", $"http://127.0.0.1:{port}", "--data-dir", data, "--secret-file", secret);
        Assert.True(initExit == 0, initError);

        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parse = CliApplication.BuildRootCommand().Parse(["authority", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret]);
        var serving = parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancel.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        JsonNode? document = null;
        for (var attempt = 0; attempt < 100 && document is null && !serving.IsCompleted; attempt++)
        {
            try
            {
                document = JsonNode.Parse(await http.GetStringAsync("/.well-known/did.json"));
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(document is not null, $"serve did not answer: {error}");
        Assert.Equal(did, document["id"]!.GetValue<string>());
        var statusList = await http.GetStringAsync("/status/vc20");
        Assert.Equal(3, statusList.Split('.').Length);

        await cancel.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Contains($"Authority {did} serving", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static int FreePort() => LoopbackPorts.Next();
}
