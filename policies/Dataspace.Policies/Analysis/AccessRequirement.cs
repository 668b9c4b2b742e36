namespace Dataspace.Policies.Analysis;

/// <summary>
/// A necessary condition for an access policy to permit a requester in the catalog scope: the requester's
/// <see cref="AccessKeys"/> must include one of <see cref="Keys"/>. It only ever rules out requesters the policy would
/// certainly not permit; whoever meets it still has the policy evaluated in full.
/// </summary>
/// <param name="Kind">Why the keys are what they are.</param>
/// <param name="Keys">The keys, one of which the requester must hold; <see cref="AccessKeys.Everyone"/> alone for
/// <see cref="AccessRequirementKind.Everyone"/> and <see cref="AccessRequirementKind.Opaque"/>, none for <see cref="AccessRequirementKind.Nobody"/>.</param>
public sealed record AccessRequirement(AccessRequirementKind Kind, IReadOnlyList<string> Keys)
{
    /// <summary>Any requester may be permitted: there is no claim requirement.</summary>
    public static AccessRequirement Everyone { get; } = new(AccessRequirementKind.Everyone, [AccessKeys.Everyone]);

    /// <summary>Any requester may be permitted, because the policy cannot be analysed.</summary>
    public static AccessRequirement Opaque { get; } = new(AccessRequirementKind.Opaque, [AccessKeys.Everyone]);

    /// <summary>No requester can be permitted.</summary>
    public static AccessRequirement Nobody { get; } = new(AccessRequirementKind.Nobody, []);
}
