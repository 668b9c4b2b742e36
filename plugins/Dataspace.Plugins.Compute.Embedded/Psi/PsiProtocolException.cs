namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>A peer message broke the protocol (size, count, order, point validity): the task ends with this reason.</summary>
internal sealed class PsiProtocolException : Exception
{
    public PsiProtocolException() : base("The peer broke the PSI protocol.") { }

    public PsiProtocolException(string message) : base(message) { }

    public PsiProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
