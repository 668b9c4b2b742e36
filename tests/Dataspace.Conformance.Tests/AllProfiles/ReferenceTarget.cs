using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Configuration;
using Dataspace.Conformance.Identity;
using Dataspace.Connector.Host;
using Dataspace.Connector.Testing;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Trust;
using Dataspace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.AllProfiles;

/// <summary>
/// Our connector as a DCP target of the dcp and policy profiles, set up from <c>conformance/targets/reference</c> as a
/// certifier would: its connector.json, a trust anchor for the suite's authority, the fixture datasets and policies
/// published through the management API, and a membership credential in its wallet. <paramref name="fault"/> lets a
/// test decorate its services (the faulty connectors).
/// </summary>
internal sealed class ReferenceTarget : IAsyncDisposable
{
    private const string Secret = "conformance-reference-target-secret";
    private readonly WebApplication _app;
    private readonly string _temp;

    private ReferenceTarget(WebApplication app, string temp, ConformanceConfiguration configuration, string did)
    {
        _app = app;
        _temp = temp;
        Configuration = configuration;
        Did = did;
    }

    public static string Folder => Path.Combine(RepositoryPaths.Root, "conformance", "targets", "reference");

    /// <summary>The suite's configuration for this target (the reference conformance.properties with this run's ports).</summary>
    public ConformanceConfiguration Configuration { get; }

    public string Did { get; }

    /// <param name="fault">Decorates the connector's services (a deliberate fault), or null.</param>
    /// <param name="trustSuite">False to set the target up wrongly: trusting another authority instead of the suite's.</param>
    public static async Task<ReferenceTarget> StartAsync(Action<IServiceCollection>? fault = null, bool trustSuite = true)
    {
        var temp = Directory.CreateTempSubdirectory("conformance-target-").FullName;
        var (port, identityPort) = (FreePort(), FreePort());
        var identityAddress = $"http://127.0.0.1:{identityPort}/";
        var did = $"did:web:127.0.0.1%3A{port}";
        var data = Path.Combine(temp, "target");
        var trustFile = Path.Combine(temp, "trust-anchors.json");
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor
        {
            Did = trustSuite ? SuiteIdentity.AuthorityDidFor(new Uri(identityAddress)) : "did:web:authority.invalid",
            CredentialTypes = [SuiteIdentity.MembershipCredential, SuiteIdentity.IndustryCredential],
        }]), CancellationToken.None);

        var app = await ConnectorHost.BuildAsync(new ConnectorHostSettings
        {
            ConfigFile = Path.Combine(Folder, "connector.json"),
            Overrides = new Dictionary<string, string?>
            {
                ["Connector:DataDirectory"] = data,
                // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
                ["Connector:Egress:AllowPrivateNetworks"] = "true",
                ["Connector:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Connector:Identity:Did"] = did,
                ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
                ["Connector:Identity:KeyStoreSecret"] = Secret,
                ["Connector:Identity:TrustAnchorsFile"] = trustFile,
                ["Logging:LogLevel:Default"] = "Warning",
            },
            Output = TextWriter.Null,
            ConfigureServices = fault,
        }, CancellationToken.None);
        await app.StartAsync();

        var file = await ConformanceConfigurationFile.LoadAsync(Path.Combine(Folder, "conformance.properties"), CancellationToken.None);
        var configuration = file.With(new Dictionary<string, string>
        {
            ["dataspacetck.dsp.connector.http.url"] = $"http://127.0.0.1:{port}/api/dsp",
            ["conformance.target.did"] = did,
            [SuiteIdentity.AddressKey] = identityAddress,
            [SuiteIdentity.DirectoryKey] = Path.Combine(temp, "suite"),
            ["conformance.wait.seconds"] = "15",
        });
        var target = new ReferenceTarget(app, temp, configuration, did);
        try
        {
            await target.PublishFixturesAsync(data, port);
            await target.ImportMembershipAsync(data, port);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late background write; the temp folder is cleaned by the OS.
        }
    }

    private async Task PublishFixturesAsync(string data, int port)
    {
        using var http = Management(data, port);
        foreach (var policy in Directory.GetFiles(Path.Combine(Folder, "policies"), "*.json"))
        {
            await PostAsync(http, "policies", new JsonObject { ["id"] = Path.GetFileNameWithoutExtension(policy), ["policy"] = JsonNode.Parse(await File.ReadAllTextAsync(policy)) });
        }

        var files = Path.Combine(data, "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        var fixtures = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "fixtures.json")))!["datasets"]!.AsArray();
        foreach (var dataset in fixtures)
        {
            var id = dataset!["id"]!.GetValue<string>();
            await File.WriteAllTextAsync(Path.Combine(files, id + ".txt"), "conformance fixture " + id);
            await PostAsync(http, "assets", new JsonObject
            {
                ["id"] = id,
                ["properties"] = new JsonObject { ["title"] = id },
                ["dataAddress"] = new JsonObject { ["type"] = "FileSystem", ["properties"] = new JsonObject { ["path"] = id + ".txt" } },
            });
            await PostAsync(http, "offers", new JsonObject
            {
                ["id"] = id + "-offer",
                ["assetId"] = id,
                ["accessPolicyId"] = dataset["accessPolicy"]!.GetValue<string>(),
                ["contractPolicyId"] = dataset["contractPolicy"]!.GetValue<string>(),
            });
        }
    }

    // DCP:02-01 asks the target's Credential Service for its membership: the suite's authority issues it one, as a data
    // space's authority would.
    private async Task ImportMembershipAsync(string data, int port)
    {
        var identity = await SuiteIdentity.LoadAsync(Configuration, TimeProvider.System, CancellationToken.None);
        using (identity)
        {
            var (jwt, _) = await identity.Authority.IssueAsync(new CredentialRequest
            {
                SubjectDid = Did,
                Type = SuiteIdentity.MembershipCredential,
                Claims = new JsonObject { ["dataspace"] = SuiteIdentity.DefaultDataspace, ["status"] = "active" },
            }, CancellationToken.None);
            using var http = Management(data, port);
            await PostAsync(http, "identity/credentials", new JsonObject { ["credential"] = jwt });
        }
    }

    private static HttpClient Management(string data, int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/management/v1/") };
        http.DefaultRequestHeaders.Add("X-Api-Key", File.ReadAllText(Path.Combine(data, "management-api-key")));
        return http;
    }

    private static async Task PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static int FreePort() => LoopbackPorts.Next();
}
