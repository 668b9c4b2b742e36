namespace Dataspace.Identity.Dcp;

/// <summary>What a DCP scope selects credentials by.</summary>
public enum DcpScopeKind
{
    /// <summary>By credential type (<c>org.eclipse.dspace.dcp.vc.type</c>).</summary>
    CredentialType = 1,

    /// <summary>By credential id (<c>org.eclipse.dspace.dcp.vc.id</c>).</summary>
    CredentialId = 2,
}
