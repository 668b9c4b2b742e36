using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Sdk.Storage;

/// <summary>
/// A storage provider offered to the host (see <c>PluginContext.AddStorageProvider</c>): when chosen by name, it registers
/// every store port (<see cref="INegotiationStore"/>, <see cref="ITransferStore"/>, <see cref="IAgreementStore"/>,
/// <see cref="IAssetStore"/>, <see cref="IOfferStore"/>, <see cref="IPolicyDefinitionStore"/>, <see cref="IUsageMeterStore"/>,
/// <see cref="IConnectorStateStore"/>, <see cref="IOutboxStore"/>, <see cref="IStorageLifecycle"/>) as singletons.
/// </summary>
public sealed class StorageProviderRegistration
{
    /// <summary>Creates the registration.</summary>
    public StorageProviderRegistration(string name, Action<IServiceCollection, StorageProviderContext> register)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(register);
        Name = name;
        Register = register;
    }

    /// <summary>The name <c>Connector:Storage:Provider</c> chooses it by (compared ignoring case).</summary>
    public string Name { get; }

    /// <summary>Registers the provider's stores.</summary>
    public Action<IServiceCollection, StorageProviderContext> Register { get; }
}
