namespace Dataspace.Connector.Tests.Tck;

/// <summary>Our connector in TCK mode (seeded from the repository's <c>tck/seed.json</c>) and the TCK's side on loopback.</summary>
internal sealed class TckConnector : IAsyncDisposable
{
    public const string ConnectorId = "did:web:connector-under-test.example";

    private readonly TempDirectory _temp;

    private TckConnector(TempDirectory temp, TestConnector connector, TckPeer peer)
    {
        _temp = temp;
        Connector = connector;
        Peer = peer;
    }

    public TestConnector Connector { get; }

    public TckPeer Peer { get; }

    public static string SeedFile
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var seed = Path.Combine(dir.FullName, "tck", "seed.json");
                if (File.Exists(Path.Combine(dir.FullName, "Connector.sln")) && File.Exists(seed))
                {
                    return seed;
                }
            }

            throw new FileNotFoundException("tck/seed.json not found above " + AppContext.BaseDirectory);
        }
    }

    public static async Task<TckConnector> StartAsync()
    {
        var temp = new TempDirectory();
        var connector = await TestConnector.StartAsync(temp.Sub("cut"), settings: new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = ConnectorId,
            ["Connector:Tck:SeedFile"] = SeedFile,
            [$"Connector:Dsp:StaticTokens:{TckPeer.Token}"] = TckPeer.ParticipantId,
            ["Connector:Dsp:OutboundToken"] = "connector-under-test-token",
        });
        var peer = await TckPeer.StartAsync(connector.BaseAddress + "/api/dsp");
        return new TckConnector(temp, connector, peer);
    }

    public TckNegotiation Negotiation() => new(Peer);

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await Connector.DisposeAsync();
        _temp.Dispose();
    }
}
