using System.Text.Json.Serialization;

namespace Dataspace.Policies.Evaluation;

/// <summary>The outcome of evaluating a policy for a request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyDecision>))]
public enum PolicyDecision
{
    /// <summary>No permission or prohibition of the policy applies to the requested action, asset and party; callers deny.</summary>
    [JsonStringEnumMemberName("notApplicable")]
    NotApplicable,

    /// <summary>An active permission allows the request.</summary>
    [JsonStringEnumMemberName("permit")]
    Permit,

    /// <summary>The request is not allowed.</summary>
    [JsonStringEnumMemberName("deny")]
    Deny,
}
