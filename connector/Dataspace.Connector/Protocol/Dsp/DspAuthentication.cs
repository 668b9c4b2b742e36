using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>The outcome of authenticating a DSP request.</summary>
public sealed record DspAuthentication
{
    private DspAuthentication() { }

    /// <summary>The verified caller; null on failure.</summary>
    public VerifiedCaller? Caller { get; private init; }

    /// <summary>Why the caller was refused; null on success.</summary>
    public string? FailureReason { get; private init; }

    /// <summary>A verified caller.</summary>
    public static DspAuthentication Success(VerifiedCaller caller) => new() { Caller = caller };

    /// <summary>A refused caller with the reason.</summary>
    public static DspAuthentication Fail(string reason) => new() { FailureReason = reason };
}
