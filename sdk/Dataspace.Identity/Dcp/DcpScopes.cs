using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity.Dcp;

/// <summary>DCP scope strings that ask for credentials by type: <c>org.eclipse.dspace.dcp.vc.type:TYPE</c>, optionally <c>:read</c>.</summary>
public static class DcpScopes
{
    /// <summary>The DCP alias for credential types.</summary>
    public const string TypeAlias = "org.eclipse.dspace.dcp.vc.type";

    /// <summary>The alias Eclipse EDC uses for the same thing.</summary>
    public const string EdcTypeAlias = "org.eclipse.edc.vc.type";

    /// <summary>The scope that asks to read credentials of the type (3-part form), under the DCP alias or another one.</summary>
    public static string ForType(string credentialType, string alias = TypeAlias) => $"{alias}:{credentialType}:read";

    /// <summary>The credential type a scope asks for; false with a reason for another alias or a malformed scope.</summary>
    public static bool TryParse(string scope, [NotNullWhen(true)] out string? credentialType, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(scope);
        credentialType = null;
        var parts = scope.Split(':');
        if (parts.Length is < 2 or > 3 || (parts[0] != TypeAlias && parts[0] != EdcTypeAlias))
        {
            reason = $"scope '{scope}' is not of the form {TypeAlias}:TYPE or {TypeAlias}:TYPE:read";
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

        credentialType = parts[1];
        reason = null;
        return true;
    }
}
