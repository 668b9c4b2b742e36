namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>
/// Thrown by a handler of the "dsp" HttpClient that stops a request before it leaves (no token could be made for the
/// peer, say): the DSP client reports that nothing was sent, rather than that the peer could not be reached.
/// </summary>
public sealed class DspRequestNotSentException : HttpRequestException
{
    /// <summary>Creates the exception with the reason nothing was sent.</summary>
    public DspRequestNotSentException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DspRequestNotSentException() { }

    /// <summary>Creates the exception.</summary>
    public DspRequestNotSentException(string message, Exception inner) : base(message, inner) { }
}
