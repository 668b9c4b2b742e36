using System.Text.Json;

namespace Dataspace.Sdk.Policy;

/// <summary>One constraint to evaluate and the request it is evaluated for.</summary>
public sealed record PolicyFunctionContext
{
    /// <summary>Where the policy is being evaluated.</summary>
    public required PolicyScope Scope { get; init; }

    /// <summary>The IRI of the constraint's left operand.</summary>
    public required string LeftOperand { get; init; }

    /// <summary>The IRI of the constraint's operator, e.g. <c>http://www.w3.org/ns/odrl/2/eq</c>.</summary>
    public required string Operator { get; init; }

    /// <summary>The constraint's right operand as JSON: a string, number, boolean or array of them.</summary>
    public required JsonElement RightOperand { get; init; }

    /// <summary>The unit of the right operand (e.g. a currency IRI), when the constraint states one.</summary>
    public string? Unit { get; init; }

    /// <summary>The identifier (normally a DID) of the requesting party.</summary>
    public required string PartyId { get; init; }

    /// <summary>The requesting party's verified credential claims, keyed by credential type.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Claims { get; init; }

    /// <summary>The IRI of the requested action.</summary>
    public required string Action { get; init; }

    /// <summary>The identifier of the requested asset.</summary>
    public required string Target { get; init; }

    /// <summary>The declared purpose of the request, when given.</summary>
    public string? Purpose { get; init; }

    /// <summary>Where the data is used (ISO 3166 code or region), when known.</summary>
    public string? Location { get; init; }

    /// <summary>The party receiving the data, for distribution, when known.</summary>
    public string? Recipient { get; init; }

    /// <summary>The requesting party's verified industry, when known.</summary>
    public string? Industry { get; init; }

    /// <summary>The event during which the action is exercised, when known.</summary>
    public string? Event { get; init; }

    /// <summary>How often the action has already been exercised under the agreement.</summary>
    public long UsageCount { get; init; }

    /// <summary>The time of the request, as injected by the engine (never read the clock).</summary>
    public required DateTimeOffset Time { get; init; }
}
