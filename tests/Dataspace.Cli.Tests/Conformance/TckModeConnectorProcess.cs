using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Conformance;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Conformance;

/// <summary>
/// Our connector as a certifier meets it: a <c>dataspace run</c> process in TCK mode (the repository's tck/seed.json)
/// on 127.0.0.1 with a free port, and the configuration file a certifier writes for it.
/// </summary>
public sealed class TckModeConnectorProcess : IAsyncLifetime
{
    public const string ParticipantId = "did:web:connector-under-test.example";
    public const string Token = "tck-static-token";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-conformance-");
    private ConnectorProcess? _connector;

    public string Folder => _temp.FullName;

    public string BaseAddress => _connector!.BaseAddress;

    public string DspEndpoint => BaseAddress.TrimEnd('/') + "/api/dsp";

    public string Output => _connector?.Output ?? "";

    public async Task InitializeAsync()
    {
        var config = Path.Combine(Folder, "connector.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["Connector"] = new JsonObject
            {
                ["ParticipantId"] = ParticipantId,

                // The suite's counter-party runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
                ["Egress"] = new JsonObject { ["AllowPrivateNetworks"] = true },
                ["Tck"] = new JsonObject { ["SeedFile"] = Path.Combine(RepositoryPaths.Root, "tck", "seed.json") },
                ["Dsp"] = new JsonObject
                {
                    ["StaticTokens"] = new JsonObject { [Token] = "TCK_PARTICIPANT" },
                    ["OutboundToken"] = "connector-under-test-token",
                },
            },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        }.ToJsonString());
        _connector = await ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--config", config, "--port", "0", "--data-dir", Path.Combine(Folder, "data")],
            Folder,
            TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Writes the TCK properties a certifier would write for this connector: agent id, token, trigger endpoints and the
    /// sample fixtures; the DSP endpoint itself comes from <c>--target</c>.
    /// </summary>
    public async Task<string> WritePropertiesAsync(string name, string token = Token)
    {
        var values = TckConfiguration.ForConnector(new Uri(BaseAddress), new Uri(DspEndpoint), ParticipantId, token).Values
            .Where(p => p.Key is not (DspConfigurationKeys.ProtocolUrl or DspConfigurationKeys.BaseUrl))
            .Append(KeyValuePair.Create(DspConfigurationKeys.DefaultWait, "10"))
            .OrderBy(p => p.Key, StringComparer.Ordinal);
        var path = Path.Combine(Folder, name);
        await File.WriteAllLinesAsync(path, ["# written by the conformance CLI test", .. values.Select(p => $"{p.Key}={p.Value}")]);
        return path;
    }

    /// <summary>The short form docs/conformance.md shows for our connector: endpoints and token, the TCK's sample fixture ids by name.</summary>
    public async Task<string> WriteShortPropertiesAsync(string name, string token)
    {
        var path = Path.Combine(Folder, name);
        await File.WriteAllTextAsync(path, $"""
            dataspacetck.dsp.connector.agent.id={ParticipantId}
            dataspacetck.dsp.connector.http.headers.authorization={token}
            dataspacetck.dsp.connector.negotiation.initiate.url={BaseAddress.TrimEnd('/')}/tck/negotiations/requests
            dataspacetck.dsp.connector.transfer.initiate.url={BaseAddress.TrimEnd('/')}/tck/transfers/requests
            dataspacetck.dsp.default.wait=10
            conformance.fixtures=tck-sample

            """);
        return path;
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
}
