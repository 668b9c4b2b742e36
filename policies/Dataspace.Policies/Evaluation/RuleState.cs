using System.Text.Json.Serialization;

namespace Dataspace.Policies.Evaluation;

/// <summary>The activation state of a permission or prohibition for a request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleState>))]
public enum RuleState
{
    /// <summary>The rule is about another action, asset or party.</summary>
    [JsonStringEnumMemberName("notApplicable")]
    NotApplicable,

    /// <summary>The rule applies but a constraint or refinement is not satisfied.</summary>
    [JsonStringEnumMemberName("inactive")]
    Inactive,

    /// <summary>The rule applies and all its constraints are satisfied (for a permission: but a duty is not fulfilled).</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>A permission that is active and whose duties are all fulfilled: it may be exercised.</summary>
    [JsonStringEnumMemberName("exercisable")]
    Exercisable,
}
