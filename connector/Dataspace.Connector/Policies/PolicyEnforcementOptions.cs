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

    /// <summary>
    /// How many consumers' credential re-check results are kept at most (least recently used out first); one per
    /// consumer and credential set.
    /// </summary>
    [Range(1, 10_000_000)]
    public int CredentialRecheckCacheSize { get; set; } = 10_000;

    /// <summary>
    /// How many policy texts are kept compiled (and, separately, converted to DSP form) at most, least recently used out
    /// first; every agreement a peer concludes has its own policy text.
    /// </summary>
    [Range(1, 10_000_000)]
    public int PolicyCacheSize { get; set; } = 10_000;
}
