namespace Dataspace.Conformance;

/// <summary>The suite: its version and every check, by profile.</summary>
public static class ConformanceSuite
{
    /// <summary>The suite's version, named in reports and certificates.</summary>
    public const string Version = "1.0.0";

    // In profile order (a profile's checks may be listed by another profile's folder, e.g. hardening's by Robustness/).
    private static readonly Lazy<IReadOnlyList<ConformanceCheck>> AllChecks = new(() =>
    [
        .. new[] { CheckRegistry.Dsp(), CheckRegistry.Dcp(), CheckRegistry.Policy(), CheckRegistry.Robustness() }
            .SelectMany(checks => checks)
            .OrderBy(check => ConformanceProfiles.Each.ToList().IndexOf(check.Profile)),
    ]);

    /// <summary>Every check of every profile.</summary>
    public static IReadOnlyList<ConformanceCheck> All => AllChecks.Value;

    /// <summary>The checks of one profile, or of all for <see cref="ConformanceProfiles.All"/>.</summary>
    public static IReadOnlyList<ConformanceCheck> ForProfile(string profile) =>
        profile == ConformanceProfiles.All ? All
        : ConformanceProfiles.Each.Contains(profile) ? [.. All.Where(c => c.Profile == profile)]
        : throw new ArgumentException($"unknown profile '{profile}'; expected one of {string.Join(", ", ConformanceProfiles.Each)} or all", nameof(profile));

    /// <summary>One check by id.</summary>
    public static ConformanceCheck Get(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException($"no check has the id '{id}'", nameof(id));
}
