namespace Dataspace.Connector.Identity.Join;

/// <summary>Joining cannot go on: the request is incomplete, the connector cannot apply, or the authority refused; the message says why.</summary>
internal sealed class JoinException : Exception
{
    public JoinException()
    {
    }

    public JoinException(string message)
        : base(message)
    {
    }

    public JoinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
