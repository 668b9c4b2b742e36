namespace Dataspace.Conformance.Policy;

/// <summary>
/// The configuration keys naming the datasets the target publishes for the policy profile. Each dataset has one offer;
/// the policies they need are in <c>conformance/targets/reference/policies</c> (ODRL, any target's own form is fine).
/// </summary>
internal static class PolicyFixtures
{
    /// <summary>A dataset any authenticated participant may see and negotiate (no credential needed).</summary>
    public const string Open = "conformance.policy.open.datasetId";

    /// <summary>A dataset whose access policy admits only members: invisible to everyone else.</summary>
    public const string MembersOnly = "conformance.policy.membersOnly.datasetId";

    /// <summary>A dataset visible to every participant whose contract policy requires the membership credential.</summary>
    public const string MembersContract = "conformance.policy.membersContract.datasetId";

    /// <summary>A dataset visible to members whose contract policy permits use only for a purpose the suite never declares.</summary>
    public const string PurposeRestricted = "conformance.policy.purposeRestricted.datasetId";

    /// <summary>A dataset whose agreement permits a limited number of uses (data accesses).</summary>
    public const string CountLimited = "conformance.policy.countLimited.datasetId";

    /// <summary>How many uses the count-limited agreement permits (default 2).</summary>
    public const string CountLimitedUses = "conformance.policy.countLimited.maxUses";

    /// <summary>A dataset whose agreement permits use for a limited time after the agreement (elapsed time).</summary>
    public const string TimeLimited = "conformance.policy.timeLimited.datasetId";

    /// <summary>How many seconds after the agreement the time-limited agreement permits use (default 5).</summary>
    public const string TimeLimitedSeconds = "conformance.policy.timeLimited.seconds";
}
