namespace Dataspace.Sdk.Egress;

/// <summary>Thrown when the egress policy refuses a connection; nothing was sent to the destination.</summary>
/// <remarks>An <see cref="HttpClient"/> reports it as the inner exception of an <see cref="HttpRequestException"/>.</remarks>
public sealed class EgressRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EgressRefusedException() { }

    /// <summary>Creates the exception with the reason.</summary>
    public EgressRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public EgressRefusedException(string message, Exception innerException) : base(message, innerException) { }
}
