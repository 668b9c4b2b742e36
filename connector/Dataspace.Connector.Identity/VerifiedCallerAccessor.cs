using Dataspace.Sdk.Identity;

namespace Dataspace.Connector.Identity;

/// <summary>Holds the caller the authentication filter verified for this request.</summary>
internal sealed class VerifiedCallerAccessor : IVerifiedCallerAccessor
{
    public VerifiedCaller? Caller { get; set; }
}
