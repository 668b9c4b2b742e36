using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Conformance.Configuration;
using Dataspace.Conformance.Identity;
using Dataspace.Connector.Testing;
using Dataspace.Identity.Issuance;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Conformance;

/// <summary>
/// Our connector as the policy profile's target, set up the way conformance/targets/reference/README.md tells a
/// certifier: a <c>dataspace run</c> process from the reference connector.json (its ports, a key-store secret and the
/// trust-anchor file for the suite's authority filled in), fixtures published with the dataspace commands, and the
/// reference conformance.properties with this run's ports.
/// </summary>
public sealed class ReferenceTargetProcess : IAsyncLifetime
{
    private static readonly string Reference = Path.Combine(RepositoryPaths.Root, "conformance", "targets", "reference");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-conformance-reference-");
    private ConnectorProcess? _connector;

    public string Folder => _temp.FullName;

    public string TargetDid { get; private set; } = "";

    public string DspEndpoint { get; private set; } = "";

    public string Properties { get; private set; } = "";

    public string Output => _connector?.Output ?? "";

    public async Task InitializeAsync()
    {
        var (port, identityPort) = (FreePort(), FreePort());
        var data = Path.Combine(Folder, "data");
        TargetDid = $"did:web:127.0.0.1%3A{port}";
        DspEndpoint = $"http://127.0.0.1:{port}/api/dsp";

        var trustAnchors = Path.Combine(Folder, "trust-anchors.json");
        var authority = SuiteIdentity.AuthorityDidFor(new Uri($"http://127.0.0.1:{identityPort}/"));
        await File.WriteAllTextAsync(trustAnchors, (await File.ReadAllTextAsync(Path.Combine(Reference, "trust-anchors.json"))).Replace("did:web:127.0.0.1%3A8383:authority", authority, StringComparison.Ordinal));

        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Reference, "connector.json")))!;
        settings["Connector"]!["Port"] = port;
        var identity = settings["Connector"]!["Identity"]!;
        identity["Did"] = TargetDid;
        identity["PublicUrl"] = $"http://127.0.0.1:{port}";
        identity["TrustAnchorsFile"] = trustAnchors;
        identity["KeyStoreSecret"] = "reference-target-secret-of-the-cli-test";
        settings["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } };
        var config = Path.Combine(Folder, "connector.json");
        await File.WriteAllTextAsync(config, settings.ToJsonString());
        _connector = await ConnectorProcess.StartAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--config", config, "--data-dir", data], Folder, TimeSpan.FromSeconds(60));

        await PublishFixturesAsync($"http://127.0.0.1:{port}", data);

        Properties = Path.Combine(Folder, "conformance.properties");
        var properties = (await File.ReadAllTextAsync(Path.Combine(Reference, "conformance.properties")))
            .Replace("127.0.0.1:8181", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("127.0.0.1%3A8181", $"127.0.0.1%3A{port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:8383", $"127.0.0.1:{identityPort}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Properties, properties + $"\nconformance.identity.directory={Path.Combine(Folder, "suite")}\nconformance.wait.seconds=15\n");
        await ImportMembershipAsync($"http://127.0.0.1:{port}", data);
    }

    public async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }

        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
            // The killed process may hold its database a moment longer; the OS cleans temporary folders.
        }
    }

    // As the reference README's loop: policies, a file per dataset, an asset and an offer per fixtures.json entry.
    private static async Task PublishFixturesAsync(string connector, string data)
    {
        string[] management = ["--connector", connector, "--data-dir", data];
        foreach (var policy in Directory.GetFiles(Path.Combine(Reference, "policies"), "*.json"))
        {
            await Succeed(["policies", "create", "--id", Path.GetFileNameWithoutExtension(policy), "--file", policy, .. management]);
        }

        var files = Path.Combine(data, "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        var fixtures = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Reference, "fixtures.json")))!["datasets"]!.AsArray();
        foreach (var dataset in fixtures)
        {
            var id = dataset!["id"]!.GetValue<string>();
            await File.WriteAllTextAsync(Path.Combine(files, id + ".txt"), "fixture " + id);
            await Succeed(["assets", "create", "--id", id, "--address", $"path={id}.txt", "--property", $"title={id}", .. management]);
            await Succeed(["offers", "create", "--id", id + "-offer", "--asset", id,
                "--access-policy", dataset["accessPolicy"]!.GetValue<string>(), "--contract-policy", dataset["contractPolicy"]!.GetValue<string>(), .. management]);
        }
    }

    // DCP:02-01 asks the target's Credential Service for its membership; the README has the data space's authority issue
    // it one, here the suite's own (the one the target trusts), through the management API as an operator would.
    private async Task ImportMembershipAsync(string connector, string data)
    {
        var configuration = await ConformanceConfigurationFile.LoadAsync(Properties, CancellationToken.None);
        using var identity = await SuiteIdentity.LoadAsync(configuration, TimeProvider.System, CancellationToken.None);
        var (jwt, _) = await identity.Authority.IssueAsync(new CredentialRequest
        {
            SubjectDid = TargetDid,
            Type = SuiteIdentity.MembershipCredential,
            Claims = new JsonObject { ["dataspace"] = SuiteIdentity.DefaultDataspace, ["status"] = "active" },
        }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(connector + "/api/management/v1/") };
        http.DefaultRequestHeaders.Add("X-Api-Key", (await File.ReadAllTextAsync(Path.Combine(data, "management-api-key"))).Trim());
        using var response = await http.PostAsJsonAsync("identity/credentials", new JsonObject { ["credential"] = jwt });
        Assert.True(response.IsSuccessStatusCode, $"importing the membership answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task Succeed(string[] args)
    {
        var (exit, output, error) = await Cli.RunAsync(args);
        Assert.True(exit == 0, $"dataspace {string.Join(' ', args)} exited {exit}: {output}{error}");
    }

    private static int FreePort() => LoopbackPorts.Next();
}
