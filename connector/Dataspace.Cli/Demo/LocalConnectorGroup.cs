using System.Security.Cryptography;

namespace Dataspace.Cli.Demo;

/// <summary>
/// Several connectors in this process, in one temporary folder, each knowing every other by a static DSP token (the
/// compute scenarios: parties of one job authenticate each other's DSP calls and task channels with these tokens).
/// </summary>
internal sealed class LocalConnectorGroup : IAsyncDisposable
{
    private readonly string _root;
    private readonly List<LocalConnector> _connectors;

    private LocalConnectorGroup(string root, IReadOnlyList<string> participants, List<LocalConnector> connectors)
    {
        _root = root;
        Participants = participants;
        _connectors = connectors;
    }

    /// <summary>The participant ids, in the order given.</summary>
    public IReadOnlyList<string> Participants { get; }

    /// <summary>The connector of <paramref name="participantId"/>.</summary>
    public LocalConnector this[string participantId] => _connectors[IndexOf(participantId)];

    /// <summary>The temporary folder holding every connector's data.</summary>
    public string Root => _root;

    /// <summary>Starts one connector per participant; <paramref name="pluginsDirectory"/> overrides the plugins folder beside the executable.</summary>
    public static async Task<LocalConnectorGroup> StartAsync(IReadOnlyList<string> participants, string? pluginsDirectory, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("dataspace-demo-").FullName;
        var tokens = participants.Select(_ => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()).ToList();
        var started = new List<LocalConnector>();
        try
        {
            for (var i = 0; i < participants.Count; i++)
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Connector:ParticipantId"] = participants[i],
                    ["Connector:Dsp:OutboundToken"] = tokens[i],
                };
                for (var peer = 0; peer < participants.Count; peer++)
                {
                    if (peer != i)
                    {
                        settings[$"Connector:Dsp:StaticTokens:{tokens[peer]}"] = participants[peer];
                    }
                }

                if (pluginsDirectory is not null)
                {
                    settings["Connector:PluginsDirectory"] = pluginsDirectory;
                }

                var name = participants[i][(participants[i].LastIndexOf(':') + 1)..];
                started.Add(await LocalConnector.StartAsync(Path.Combine(root, name), settings, cancellationToken).ConfigureAwait(false));
            }

            return new LocalConnectorGroup(root, participants, started);
        }
        catch
        {
            foreach (var connector in started)
            {
                await connector.DisposeAsync().ConfigureAwait(false);
            }

            Delete(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connector in Enumerable.Reverse(_connectors))
        {
            await connector.DisposeAsync().ConfigureAwait(false);
        }

        Delete(_root);
    }

    private int IndexOf(string participantId)
    {
        for (var i = 0; i < Participants.Count; i++)
        {
            if (Participants[i] == participantId)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{participantId}' is not one of this group's participants", nameof(participantId));
    }

    private static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin assembly may still be mapped by its load context; the OS cleans temp folders.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
