using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity.Dcp;

/// <summary>
/// DCP scope strings, <c>[alias]:[discriminator]</c>: <c>org.eclipse.dspace.dcp.vc.type:TYPE</c> and
/// <c>org.eclipse.dspace.dcp.vc.id:ID</c>, also in EDC's 3-part form with <c>:read</c> and with EDC's type alias.
/// </summary>
public static class DcpScopes
{
    /// <summary>The DCP alias for credential types.</summary>
    public const string TypeAlias = "org.eclipse.dspace.dcp.vc.type";

    /// <summary>The DCP alias for credential ids.</summary>
    public const string IdAlias = "org.eclipse.dspace.dcp.vc.id";

    /// <summary>The alias Eclipse EDC uses for credential types.</summary>
    public const string EdcTypeAlias = "org.eclipse.edc.vc.type";

    /// <summary>The scope that asks to read credentials of the type (3-part form), under the DCP alias or another one.</summary>
    public static string ForType(string credentialType, string alias = TypeAlias) => $"{alias}:{credentialType}:read";

    /// <summary>The scope that asks to read one credential by id.</summary>
    public static string ForId(string credentialId) => $"{IdAlias}:{credentialId}";

    /// <summary>Reads a scope; false with a reason for an unknown alias or a malformed scope.</summary>
    public static bool TryParse(string scope, [NotNullWhen(true)] out DcpScope? parsed, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(scope);
        parsed = null;
        var colon = scope.StartsWith(IdAlias + ":", StringComparison.Ordinal) ? IdAlias.Length : -1;
        if (colon > 0)
        {
            // Ids may themselves contain ':' (urn:uuid:...), so everything after the alias is the id.
            var id = scope[(colon + 1)..];
            if (id.Length == 0)
            {
                reason = $"scope '{scope}' names no credential id";
                return false;
            }

            parsed = new DcpScope(DcpScopeKind.CredentialId, id);
            reason = null;
            return true;
        }

        var parts = scope.Split(':');
        if (parts.Length is < 2 or > 3 || (parts[0] != TypeAlias && parts[0] != EdcTypeAlias))
        {
            reason = $"scope '{scope}' is not of the form {TypeAlias}:TYPE, {TypeAlias}:TYPE:read or {IdAlias}:ID";
            return false;
        }

        if (parts[1].Length == 0)
        {
            reason = $"scope '{scope}' names no credential type";
            return false;
        }

        if (parts.Length == 3 && parts[2] is not ("read" or "*" or "all"))
        {
            reason = $"scope '{scope}' asks for operation '{parts[2]}'; only read is allowed";
            return false;
        }

        parsed = new DcpScope(DcpScopeKind.CredentialType, parts[1]);
        reason = null;
        return true;
    }
}
