namespace Dataspace.Sdk.Identity;

/// <summary>The error codes of W3C DID Resolution that resolvers report.</summary>
public static class DidResolutionErrors
{
    /// <summary>The DID does not exist (no DID document at its location).</summary>
    public const string NotFound = "notFound";

    /// <summary>The DID does not conform to the DID syntax or the method's syntax.</summary>
    public const string InvalidDid = "invalidDid";

    /// <summary>No resolver handles the DID's method.</summary>
    public const string MethodNotSupported = "methodNotSupported";

    /// <summary>The DID document was found but is not a valid DID document for this DID.</summary>
    public const string InvalidDidDocument = "invalidDidDocument";

    /// <summary>The resolver failed for another reason (network fault, server error).</summary>
    public const string InternalError = "internalError";
}
