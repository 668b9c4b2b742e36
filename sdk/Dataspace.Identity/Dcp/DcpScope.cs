namespace Dataspace.Identity.Dcp;

/// <summary>A parsed DCP scope: read access to credentials of a type, or to one credential by id.</summary>
/// <param name="Kind">Whether <paramref name="Value"/> is a type or an id.</param>
/// <param name="Value">The credential type or id.</param>
public sealed record DcpScope(DcpScopeKind Kind, string Value)
{
    /// <summary>Whether a held credential with these types and id is covered by the scope.</summary>
    public bool Covers(string credentialId, IEnumerable<string> types) =>
        Kind == DcpScopeKind.CredentialId ? credentialId == Value : types.Contains(Value, StringComparer.Ordinal);
}
