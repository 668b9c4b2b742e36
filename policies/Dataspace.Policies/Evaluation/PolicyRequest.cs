using System.Collections.Frozen;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Evaluation;

/// <summary>A request to exercise an action on an asset, and everything observed about it.</summary>
public sealed record PolicyRequest
{
    /// <summary>Where the policy is being evaluated.</summary>
    public required PolicyScope Scope { get; init; }

    /// <summary>The requesting party and its verified claims.</summary>
    public required RequestingParty Party { get; init; }

    /// <summary>The requested action's IRI (e.g. <c>http://www.w3.org/ns/odrl/2/use</c>).</summary>
    public required string Action { get; init; }

    /// <summary>The requested asset's identifier.</summary>
    public required string Target { get; init; }

    /// <summary>The asset collections the requested asset belongs to.</summary>
    public IReadOnlyList<string> TargetCollections { get; init; } = [];

    /// <summary>The time of the request; the engine never reads the clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The declared purpose (IRI or term of the purpose taxonomy).</summary>
    public string? Purpose { get; init; }

    /// <summary>Where the data is used: ISO 3166-1 alpha-2 or ISO 3166-2 code, or a region of the region hierarchy.</summary>
    public string? Location { get; init; }

    /// <summary>The party receiving the data, for distribution.</summary>
    public string? Recipient { get; init; }

    /// <summary>The requesting party's industry, as verified.</summary>
    public string? Industry { get; init; }

    /// <summary>The event during which the action is exercised.</summary>
    public string? Event { get; init; }

    /// <summary>The share of the asset requested, in percent.</summary>
    public decimal? Percentage { get; init; }

    /// <summary>The size of the smallest group an aggregate result is computed over.</summary>
    public long? GroupSize { get; init; }

    /// <summary>How often the action has already been exercised under this agreement (the current request not included).</summary>
    public long UsageCount { get; init; }

    /// <summary>Payments already made under this agreement.</summary>
    public IReadOnlyList<Payment> Payments { get; init; } = [];

    /// <summary>When the agreement took effect.</summary>
    public DateTimeOffset? AgreementStart { get; init; }

    /// <summary>When the data was delivered to the consumer.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>In the compute scope: what the job asks for.</summary>
    public ComputeUse? Compute { get; init; }

    /// <summary>Recorded states of duties, keyed by the duty's uid or by its action IRI.</summary>
    public IReadOnlyDictionary<string, DutyState> DutyStates { get; init; } = FrozenDictionary<string, DutyState>.Empty;
}
