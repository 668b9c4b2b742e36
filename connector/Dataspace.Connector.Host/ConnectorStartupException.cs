namespace Dataspace.Connector.Host;

/// <summary>The connector cannot start; the message is one line saying what is wrong.</summary>
public sealed class ConnectorStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorStartupException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public ConnectorStartupException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ConnectorStartupException() { }
}
