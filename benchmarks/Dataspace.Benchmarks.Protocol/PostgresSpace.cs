using System.Globalization;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// A static-token space whose provider runs as one or more instances on one PostgreSQL database behind a round-robin
/// balancer (both the consumer's messages and the provider's published address go through it); the consumer stays on
/// SQLite.
/// </summary>
internal sealed class PostgresSpace : IAsyncDisposable
{
    private readonly IReadOnlyList<Loopback> _providers;
    private readonly RoundRobinBalancer _balancer;

    private PostgresSpace(Space space, IReadOnlyList<Loopback> providers, RoundRobinBalancer balancer, BackendCpu cpu)
    {
        Space = space;
        _providers = providers;
        _balancer = balancer;
        DatabaseCpu = cpu;
    }

    public Space Space { get; }

    /// <summary>The CPU time of the database's backends.</summary>
    public BackendCpu DatabaseCpu { get; }

    /// <param name="root">The benchmark's temporary folder.</param>
    /// <param name="label">A folder name for this space's data.</param>
    /// <param name="connectionString">The provider's connection string (to a database of its own).</param>
    /// <param name="database">That database's name, to find its backends.</param>
    /// <param name="instances">How many provider instances share the database.</param>
    public static async Task<PostgresSpace> StartAsync(string root, string label, string connectionString, string database, int instances)
    {
        var data = Path.Combine(root, label + "-provider");
        var balancerPort = Loopback.FreePort();
        var balancerUrl = RoundRobinBalancer.UrlFor(balancerPort);
        var settings = new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:consumer-token"] = "did:web:consumer.example",
            ["Connector:Dsp:OutboundToken"] = "provider-token",
            ["Connector:Dsp:PublicUrl"] = balancerUrl + "/api/dsp",
            ["Connector:Storage:Provider"] = "postgres",
            ["Connector:Storage:ConnectionString"] = connectionString,
        };
        var started = new List<IAsyncDisposable>();
        try
        {
            // The first instance migrates the database and writes the shared data folder's management key; the others join.
            var providers = new List<Loopback>();
            for (var i = 0; i < instances; i++)
            {
                var provider = await Loopback.StartAsync(data, settings);
                providers.Add(provider);
                started.Add(provider);
            }

            var balancer = await RoundRobinBalancer.StartAsync(balancerPort, [.. providers.Select(p => p.BaseAddress)]);
            started.Add(balancer);
            var consumer = await Loopback.StartAsync(Path.Combine(root, label + "-consumer"), new Dictionary<string, string?>
            {
                ["Connector:ParticipantId"] = "did:web:consumer.example",
                ["Connector:Dsp:StaticTokens:provider-token"] = "did:web:provider.example",
                ["Connector:Dsp:OutboundToken"] = "consumer-token",
            });
            started.Add(consumer);
            var offer = await providers[0].PublishAsync(data, "data", Loopback.OpenPolicy(), Loopback.OpenPolicy());
            var cpu = new BackendCpu(database);
            var space = Space.Balanced(providers[0], consumer, "did:web:provider.example", offer, balancerUrl + "/api/dsp", cpu.Total);
            return new PostgresSpace(space, providers, balancer, cpu);
        }
        catch
        {
            foreach (var disposable in Enumerable.Reverse(started))
            {
                await disposable.DisposeAsync();
            }

            throw;
        }
    }

    public static string Describe(int instances) => instances.ToString(CultureInfo.InvariantCulture) + (instances == 1 ? " instance" : " instances");

    public async ValueTask DisposeAsync()
    {
        // The space stops the consumer and the first provider instance.
        await Space.DisposeAsync();
        foreach (var provider in _providers.Skip(1))
        {
            await provider.DisposeAsync();
        }

        await _balancer.DisposeAsync();
    }
}
