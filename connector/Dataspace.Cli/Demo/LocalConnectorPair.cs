using System.Security.Cryptography;

namespace Dataspace.Cli.Demo;

/// <summary>A provider and a consumer connector in this process, in temporary folders, that know each other by static DSP tokens.</summary>
internal sealed class LocalConnectorPair : IAsyncDisposable
{
    public const string ProviderId = "did:web:provider.demo";
    public const string ConsumerId = "did:web:consumer.demo";

    private readonly string _root;

    private LocalConnectorPair(string root, LocalConnector provider, LocalConnector consumer)
    {
        _root = root;
        Provider = provider;
        Consumer = consumer;
    }

    public LocalConnector Provider { get; }

    public LocalConnector Consumer { get; }

    /// <summary>Starts both connectors; <paramref name="pluginsDirectory"/> overrides the plugins folder beside the executable.</summary>
    public static async Task<LocalConnectorPair> StartAsync(string? pluginsDirectory, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("dataspace-demo-").FullName;
        var providerToken = Token();
        var consumerToken = Token();
        LocalConnector? provider = null;
        try
        {
            provider = await LocalConnector.StartAsync(Path.Combine(root, "provider"), Settings(ProviderId, consumerToken, ConsumerId, providerToken, pluginsDirectory), cancellationToken).ConfigureAwait(false);
            var consumer = await LocalConnector.StartAsync(Path.Combine(root, "consumer"), Settings(ConsumerId, providerToken, ProviderId, consumerToken, pluginsDirectory), cancellationToken).ConfigureAwait(false);
            return new LocalConnectorPair(root, provider, consumer);
        }
        catch
        {
            if (provider is not null)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }

            Delete(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync().ConfigureAwait(false);
        await Provider.DisposeAsync().ConfigureAwait(false);
        Delete(_root);
    }

    private static Dictionary<string, string?> Settings(string self, string inboundToken, string peer, string outboundToken, string? pluginsDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = self,
            [$"Connector:Dsp:StaticTokens:{inboundToken}"] = peer,
            ["Connector:Dsp:OutboundToken"] = outboundToken,
        };
        if (pluginsDirectory is not null)
        {
            settings["Connector:PluginsDirectory"] = pluginsDirectory;
        }

        return settings;
    }

    private static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

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
