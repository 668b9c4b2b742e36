namespace Dataspace.Connector.Storage;

/// <summary>The storage settings (<c>Connector:Storage</c>) cannot be used; the message says which and what is expected.</summary>
public sealed class StorageConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StorageConfigurationException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public StorageConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public StorageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
