using System.Security.Cryptography;
using System.Text.Json;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Plugins.Compute.Kuscia.Tests;

/// <summary>One party's Kuscia engine on a SQLite job store, against a <see cref="FakeKuscia"/>.</summary>
internal sealed class KusciaRig : IAsyncDisposable
{
    public const string Bank = "did:web:bank.example";
    public const string Telco = "did:web:telco.example:compute";

    private readonly string _directory;

    private KusciaRig(string directory, FakeKuscia kuscia, KusciaComputeEngine engine, KusciaClient client, IComputeJobStore store, RSA telcoKey)
    {
        _directory = directory;
        Kuscia = kuscia;
        Engine = engine;
        Client = client;
        Store = store;
        TelcoKey = telcoKey;
    }

    public FakeKuscia Kuscia { get; }

    public KusciaComputeEngine Engine { get; }

    public KusciaClient Client { get; }

    public IComputeJobStore Store { get; }

    public RSA TelcoKey { get; }

    /// <summary>A rig for <paramref name="self"/>'s connector; the telco's domain key is held when <paramref name="holdTelcoKey"/>.</summary>
    public static async Task<KusciaRig> StartAsync(string self = Bank, bool holdTelcoKey = true, IEgressPolicy? egress = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("kuscia-tests-").FullName;
        var kuscia = await FakeKuscia.StartAsync();
        var telcoKey = RSA.Create(2048);
        var keyPath = Path.Combine(directory, "bob.key");
        await File.WriteAllTextAsync(keyPath, telcoKey.ExportPkcs8PrivateKeyPem());
        kuscia.DomainPublicKeys["bob"] = telcoKey;
        var settings = new Dictionary<string, string?>
        {
            ["Plugins:ComputeKuscia:Endpoint"] = kuscia.Endpoint.ToString(),
            ["Plugins:ComputeKuscia:Token"] = kuscia.Token,
            ["Plugins:ComputeKuscia:DomainId"] = self == Bank ? "alice" : "bob",
            [$"Plugins:ComputeKuscia:Domains:{Bank}"] = "alice",
            [$"Plugins:ComputeKuscia:Domains:{Telco}"] = "bob",
            ["Plugins:ComputeKuscia:DomainData:subscribers"] = "bob-table",
            ["Plugins:ComputeKuscia:TimeoutSeconds"] = "5",
            ["Plugins:ComputeKuscia:MaxResponseBytes"] = "65536",
            ["Plugins:ComputeKuscia:MaxWatchBackoffSeconds"] = "1",
        };
        if (holdTelcoKey)
        {
            settings["Plugins:ComputeKuscia:DomainKeys:bob"] = keyPath;
        }

        configure?.Invoke(settings);
        var options = Read(settings);
        var database = new ConnectorDatabase(directory);
        await new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var store = new SqliteComputeJobStore(database, TimeProvider.System);
        // The fake KusciaAPI is on loopback: allowed as an operator running Kuscia on the same host would allow it.
        var client = new KusciaClient(options, egress ?? new EgressPolicy(new EgressOptions { AllowPrivateNetworks = true }));
        var engine = new KusciaComputeEngine(client, options, store, TimeProvider.System, NullLogger<KusciaComputeEngine>.Instance);
        return new KusciaRig(directory, kuscia, engine, client, store, telcoKey);
    }

    public static KusciaOptions Read(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return KusciaOptions.Read(configuration.GetSection("Plugins:ComputeKuscia"), "Plugins:ComputeKuscia");
    }

    /// <summary>A PSI of the bank's customer file with the telco's subscribers asset; the bank receives the intersection.</summary>
    public static ComputeJobRequest Psi(string? id = null, IReadOnlyList<string>? releases = null) => new()
    {
        Id = id ?? $"job-{Guid.NewGuid().ToString("N")[..12]}",
        Tasks =
        [
            new ComputeTask(
                "psi",
                ComputeComponents.PsiEcdh,
                new Dictionary<string, JsonElement> { ["keys"] = JsonSerializer.SerializeToElement(new[] { "phone" }) },
                [
                    new ComputeTaskParty(Bank, "sender", new ComputeTaskInput(ComputeTaskInput.File, "bank-customers")),
                    new ComputeTaskParty(Telco, "receiver", new ComputeTaskInput(ComputeTaskInput.Asset, "subscribers", "agreement-1")),
                ],
                new Dictionary<string, IReadOnlyList<string>> { [Bank] = releases ?? [ReleaseKinds.Intersection] }),
        ],
        Agreements = [new ComputeJobAgreement(Telco, "agreement-1", Bank)],
    };

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        Client.Dispose();
        await Kuscia.DisposeAsync();
        TelcoKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
