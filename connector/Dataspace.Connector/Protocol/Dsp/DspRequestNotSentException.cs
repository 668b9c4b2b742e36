namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>
/// Thrown by a handler of the DSP HTTP client that stops a request before it is sent, for a reason of our own (no token
/// could be made); unlike a network error, its message is ours and is reported as the call's failure.
/// </summary>
public sealed class DspRequestNotSentException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public DspRequestNotSentException() { }

    /// <summary>Creates the exception with the reason.</summary>
    public DspRequestNotSentException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public DspRequestNotSentException(string message, Exception innerException) : base(message, innerException) { }
}
