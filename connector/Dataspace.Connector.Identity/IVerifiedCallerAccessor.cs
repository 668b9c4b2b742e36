using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Identity;

/// <summary>The verified caller of the current DSP request, for protocol and policy code that must never see tokens.</summary>
/// <remarks>Scoped to the request; set by the DCP authentication filter before the endpoint runs.</remarks>
public interface IVerifiedCallerAccessor
{
    /// <summary>The caller's DID and verified credentials; null on endpoints that do not require authentication.</summary>
    VerifiedCaller? Caller { get; }
}
