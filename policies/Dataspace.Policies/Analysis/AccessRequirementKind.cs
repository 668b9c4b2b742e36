namespace Dataspace.Policies.Analysis;

/// <summary>What an access policy demands of a requester's verified claims before it can permit in the catalog scope.</summary>
public enum AccessRequirementKind
{
    /// <summary>Nothing about the requester's claims: any requester may be permitted.</summary>
    Everyone,

    /// <summary>The requester must hold at least one of <see cref="AccessRequirement.Keys"/> (a credential type or a claim value).</summary>
    Claims,

    /// <summary>The policy holds constraints the analysis cannot reduce (functions, scripts, inheritance): any requester may be permitted.</summary>
    Opaque,

    /// <summary>The policy can permit no one (it has no permission, or its constraints can never hold together).</summary>
    Nobody,
}
