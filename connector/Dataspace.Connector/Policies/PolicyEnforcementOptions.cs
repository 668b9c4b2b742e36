using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Policies;

/// <summary>How policies are enforced after the agreement (configuration section <c>Connector:Policy</c>).</summary>
public sealed class PolicyEnforcementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Policy";

    /// <summary>
    /// How often, at most, a consumer's credentials are verified again (revocation and suspension through their
    /// status lists, expiry, trust) while it accesses data; 0 verifies them at every access. Expiry is checked at every
    /// access regardless.
    /// </summary>
    [Range(0, 86_400)]
    public int CredentialRecheckSeconds { get; set; } = 300;
}
