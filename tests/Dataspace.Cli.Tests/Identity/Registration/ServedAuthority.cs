using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;
using Dataspace.Connector.Testing;

namespace Dataspace.Cli.Tests.Identity.Registration;

/// <summary><c>dataspace authority init</c> and <c>serve</c> in this process on a free loopback port, with its management API key.</summary>
internal sealed class ServedAuthority : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _serving;
    private readonly StringWriter _error;

    private ServedAuthority(Uri url, string did, string data, Task<int> serving, StringWriter error, CancellationTokenSource stop)
    {
        _stop = stop;
        Http = new HttpClient { BaseAddress = url };
        Url = url;
        Did = did;
        DataDirectory = data;
        _serving = serving;
        _error = error;
    }

    public Uri Url { get; }

    public string Did { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    /// <summary>The generated key file of the management API.</summary>
    public string KeyFile => Path.Combine(DataDirectory, "authority", "management-api-key");

    /// <summary>What serve wrote to its error output, for failure messages.</summary>
    public string Errors => _error.ToString();

    public static async Task<ServedAuthority> StartAsync(string root, params string[] serveOptions)
    {
        var port = LoopbackPorts.Next();
        var data = Path.Combine(root, "authority");
        var secret = Path.Combine(root, "secret");
        await File.WriteAllTextAsync(secret, "cli-management-secret");
        var did = $"did:web:127.0.0.1%3A{port}";
        var url = new Uri($"http://127.0.0.1:{port}");
        var (initExit, _, initError) = await Cli.RunAsync("authority", "init", "--did", did, "--public-url", url.AbsoluteUri, "--data-dir", data, "--secret-file", secret);
        Assert.True(initExit == 0, initError);
        var error = new StringWriter();
        var parse = CliApplication.BuildRootCommand().Parse(["authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret, "--allow-http-loopback", .. serveOptions]);
        var stop = new CancellationTokenSource();
        var authority = new ServedAuthority(url, did, data, parse.InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, stop.Token), error, stop);
        for (var attempt = 0; attempt < 100 && !authority._serving.IsCompleted; attempt++)
        {
            try
            {
                await authority.Http.GetStringAsync(new Uri(url, "/.well-known/did.json"));
                return authority;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        await authority.DisposeAsync();
        Assert.Fail($"serve did not answer: {error}");
        return null!;
    }

    /// <summary>A management client with the key from the authority folder.</summary>
    public AuthorityManagementClient Management(HttpClient http) => new(http, File.ReadAllText(KeyFile));

    /// <summary>POSTs an application for <paramref name="member"/>; the authority's answer as JSON.</summary>
    public async Task<JsonNode> ApplyAsync(TestMember member, string[] subspaces, string scheme = "USCC", string value = "91330100716105852F")
    {
        var body = new JsonObject
        {
            ["did"] = member.Did,
            ["legalName"] = "Alibaba (China) Co., Ltd.",
            ["registrationId"] = new JsonObject { ["scheme"] = scheme, ["value"] = value },
            ["contact"] = new JsonObject { ["name"] = "Data Office", ["email"] = "data@example.com" },
            ["subspaces"] = new JsonArray([.. subspaces.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["dspEndpoint"] = member.DspEndpoint,
        };
        using var response = await SendAsync(HttpMethod.Post, "/registration/applications", body, member.Token(Did));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>The application as its applicant reads it (<c>GET /registration/applications/{id}</c> with its token).</summary>
    public async Task<JsonNode> ApplicantViewAsync(TestMember member, string id)
    {
        using var response = await SendAsync(HttpMethod.Get, "/registration/applications/" + id, null, member.Token(Did));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, string? bearer, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url, path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        var response = await Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        _stop.Dispose();
        Http.Dispose();
        _error.Dispose();
    }
}
