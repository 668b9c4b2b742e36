using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Hosting;

/// <summary>What <see cref="ConnectorServiceCollectionExtensions.AddConnector"/> returns; features hang off it.</summary>
public interface IConnectorBuilder
{
    /// <summary>The connector's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The connector's configuration.</summary>
    IConfiguration Configuration { get; }
}
