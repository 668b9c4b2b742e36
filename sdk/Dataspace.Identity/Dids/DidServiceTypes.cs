namespace Dataspace.Identity.Dids;

/// <summary>The service types a connector's DID document lists.</summary>
public static class DidServiceTypes
{
    /// <summary>The DCP Credential Service: the base URL below which <c>/presentations/query</c> is answered.</summary>
    public const string CredentialService = "CredentialService";

    /// <summary>The Dataspace Protocol endpoint of the connector (DSP 2025-1 <c>DataService</c>).</summary>
    public const string DataService = "DataService";
}
