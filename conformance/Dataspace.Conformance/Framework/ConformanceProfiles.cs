namespace Dataspace.Conformance;

/// <summary>The profiles a run can select (<c>--profile</c>).</summary>
public static class ConformanceProfiles
{
    /// <summary>Dataspace Protocol 2025-1: the official TCK's cases plus the suite's own protocol checks.</summary>
    public const string Dsp = "dsp";

    /// <summary>Decentralized Claims Protocol: token negatives, presentation queries, status lists.</summary>
    public const string Dcp = "dcp";

    /// <summary>Policy enforcement, black box.</summary>
    public const string Policy = "policy";

    /// <summary>Robustness against malformed and mutated input and unknown routes.</summary>
    public const string Robustness = "robustness";

    /// <summary>
    /// Hardening limits (oversized bodies, slow clients): good practice for an open data space but not required by DSP,
    /// so a certificate names this profile separately from dsp and robustness.
    /// </summary>
    public const string Hardening = "hardening";

    /// <summary>Every profile.</summary>
    public const string All = "all";

    /// <summary>The profiles in run order.</summary>
    public static IReadOnlyList<string> Each { get; } = [Dsp, Dcp, Policy, Robustness, Hardening];
}
