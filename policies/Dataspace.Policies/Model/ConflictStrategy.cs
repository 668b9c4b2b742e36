namespace Dataspace.Policies.Model;

/// <summary>How a conflict between an active permission and an active prohibition is resolved (odrl:conflict).</summary>
public enum ConflictStrategy
{
    /// <summary>odrl:invalid, the default: a conflict voids the policy, so the request is denied.</summary>
    Invalid,

    /// <summary>odrl:perm: permissions override prohibitions.</summary>
    Perm,

    /// <summary>odrl:prohibit: prohibitions override permissions.</summary>
    Prohibit,
}
