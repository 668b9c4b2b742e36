namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>A peer message broke the protocol, or the task cannot run as asked; the message is the task's failure reason.</summary>
internal sealed class OprfProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OprfProtocolException() { }

    /// <summary>Creates the exception with its reason.</summary>
    public OprfProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public OprfProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
