namespace Dataspace.Connector.Identity;

/// <summary>The identity settings or the key store cannot give the connector an identity; the message is one line for the operator.</summary>
public sealed class IdentityConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdentityConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public IdentityConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IdentityConfigurationException()
    {
    }
}
