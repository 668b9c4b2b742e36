using Dataspace.Connector.Hosting;
using Dataspace.Connector.Negotiation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Connector.Tck;

/// <summary>Adds TCK mode to a connector when <c>Connector:Tck:SeedFile</c> is set; otherwise nothing.</summary>
public static class TckConnectorBuilderExtensions
{
    /// <summary>Reads the seed file now (a bad file fails start-up naming the key) and replaces the scripted hooks.</summary>
    /// <remarks>Call after the engine's defaults are registered, and after the database initialiser so seeding runs on a migrated schema.</remarks>
    public static IConnectorBuilder AddTck(this IConnectorBuilder connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var path = connector.Configuration[$"{TckOptions.Section}:{nameof(TckOptions.SeedFile)}"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return connector;
        }

        var services = connector.Services;
        services.AddSingleton(TckSeed.Load(Path.GetFullPath(path)));
        services.Replace(ServiceDescriptor.Singleton<INegotiationReactions, TckNegotiationReactions>());
        services.Replace(ServiceDescriptor.Singleton<Transfer.ITransferReactions, TckTransferReactions>());
        services.AddHostedService<TckSeeder>();
        services.AddHostedService<TckConsumerTransfers>();
        return connector;
    }
}
