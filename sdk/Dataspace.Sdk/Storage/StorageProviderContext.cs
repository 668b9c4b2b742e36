using Microsoft.Extensions.Configuration;

namespace Dataspace.Sdk.Storage;

/// <summary>What the host hands the storage provider chosen by <c>Connector:Storage:Provider</c> when it registers its stores.</summary>
public sealed class StorageProviderContext
{
    /// <summary>Creates the context.</summary>
    public StorageProviderContext(string name, string? connectionString, IConfiguration configuration, string dataDirectory)
    {
        Name = name;
        ConnectionString = connectionString;
        Configuration = configuration;
        DataDirectory = dataDirectory;
    }

    /// <summary>The provider's name as configured.</summary>
    public string Name { get; }

    /// <summary><c>Connector:Storage:ConnectionString</c>; null when not set.</summary>
    public string? ConnectionString { get; }

    /// <summary>The <c>Connector:Storage</c> section, for the provider's own settings.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The connector's data folder (full path).</summary>
    public string DataDirectory { get; }
}
