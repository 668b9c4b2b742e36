using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Oprf;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

/// <summary>A component over its own cache directory, removed afterwards, with the two parties and input builders.</summary>
internal sealed class OprfTestBed : IDisposable
{
    public const string Server = "did:web:bank.example";
    public const string Client = "did:web:telecom.example";

    public OprfTestBed()
    {
        Directory = Path.Combine(Path.GetTempPath(), "oprf-tests-" + Guid.NewGuid().ToString("n"));
        Cache = new PreparedSetCache(new EcdhOprfOptions { CacheDirectory = Directory, MaxPreparedSets = 4 }, TimeProvider.System);
        Component = new EcdhOprfComponent(Cache, new OprfServerKey(Directory));
    }

    public string Directory { get; }
    public PreparedSetCache Cache { get; }
    public EcdhOprfComponent Component { get; }

    /// <summary>A second component over the same directory, as after a restart of the connector.</summary>
    public EcdhOprfComponent Restarted(out PreparedSetCache cache)
    {
        cache = new PreparedSetCache(new EcdhOprfOptions { CacheDirectory = Directory, MaxPreparedSets = 4 }, TimeProvider.System);
        return new EcdhOprfComponent(cache, new OprfServerKey(Directory));
    }

    public static IReadOnlyList<ComputeParty> Parties { get; } = [new(Server, EcdhOprfComponent.ServerRole), new(Client, EcdhOprfComponent.ClientRole)];

    public static ReleasePolicy Allow(params string[] clientKinds)
        => new(new Dictionary<string, IReadOnlySet<string>> { [Client] = new HashSet<string>(clientKinds) });

    public static Dictionary<string, JsonElement> Attributes(params (string Name, object Value)[] values)
        => values.ToDictionary(v => v.Name, v => JsonSerializer.SerializeToElement(v.Value));

    public static InMemoryComputeInput Input(string[] columns, IEnumerable<string[]> rows) => new(columns, rows.ToList());

    /// <summary>The server's blacklist: id, name, risk for <paramref name="count"/> customers.</summary>
    public static InMemoryComputeInput Blacklist(int count, int offset = 0)
        => Input(["id", "name", "risk"], Enumerable.Range(offset, count).Select(i => new[] { $"cust-{i}", $"name-{i}", (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    public static IReadOnlyList<ComponentHarness.PartySetup> Setups(IComputeInput server, IComputeInput client) =>
    [
        new(Parties[0], new Dictionary<string, IComputeInput> { ["input"] = server }),
        new(Parties[1], new Dictionary<string, IComputeInput> { ["input"] = client }),
    ];

    public Task<IReadOnlyList<ComponentHarness.PartyOutcome>> RunAsync(IComputeInput server, IComputeInput client, Dictionary<string, JsonElement> attributes, ReleasePolicy release, InProcessComputeNetwork? network = null, IComputeComponent? component = null)
        => ComponentHarness.RunAsync(component ?? Component, Setups(server, client), attributes, release, network);

    /// <summary>Runs the real server against a hand-written client that may break the protocol; returns the server's result.</summary>
    public async Task<ComponentResult> RunServerAgainstAsync(IComputeInput server, Dictionary<string, JsonElement> attributes, ReleasePolicy release, Func<IComputeChannel, Task> rogueClient)
    {
        var network = new InProcessComputeNetwork([Server, Client]);
        var context = new ComponentContext
        {
            JobId = "job-1",
            TaskId = "task-1",
            Self = Server,
            Role = EcdhOprfComponent.ServerRole,
            Parties = Parties,
            Attributes = attributes,
            Inputs = new Dictionary<string, IComputeInput> { ["input"] = server },
            Outputs = new MemoryComputeOutputs(Server, release),
            Channel = network.For(Server),
            Release = release,
        };
        var rogue = Task.Run(() => rogueClient(network.For(Client)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await Component.RunAsync(context, timeout.Token);
        network.Close();
        try { await rogue; } catch (ComputeChannelClosedException) { }
        return result;
    }

    /// <summary>Runs the real client against a hand-written server; returns the client's result.</summary>
    public async Task<ComponentResult> RunClientAgainstAsync(IComputeInput client, Dictionary<string, JsonElement> attributes, ReleasePolicy release, Func<IComputeChannel, Task> rogueServer)
    {
        var network = new InProcessComputeNetwork([Server, Client]);
        var context = new ComponentContext
        {
            JobId = "job-1",
            TaskId = "task-1",
            Self = Client,
            Role = EcdhOprfComponent.ClientRole,
            Parties = Parties,
            Attributes = attributes,
            Inputs = new Dictionary<string, IComputeInput> { ["input"] = client },
            Outputs = new MemoryComputeOutputs(Client, release),
            Channel = network.For(Client),
            Release = release,
        };
        var rogue = Task.Run(() => rogueServer(network.For(Server)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await Component.RunAsync(context, timeout.Token);
        network.Close();
        try { await rogue; } catch (ComputeChannelClosedException) { }
        return result;
    }

    public void Dispose()
    {
        Cache.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
