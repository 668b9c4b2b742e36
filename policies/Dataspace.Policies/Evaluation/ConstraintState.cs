using System.Text.Json.Serialization;

namespace Dataspace.Policies.Evaluation;

/// <summary>The satisfaction state of a constraint or refinement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConstraintState>))]
public enum ConstraintState
{
    /// <summary>Satisfied.</summary>
    [JsonStringEnumMemberName("satisfied")]
    Satisfied,

    /// <summary>Not satisfied.</summary>
    [JsonStringEnumMemberName("notSatisfied")]
    NotSatisfied,

    /// <summary>The left operand has no value in the request; not satisfied (fail closed).</summary>
    [JsonStringEnumMemberName("unresolved")]
    Unresolved,

    /// <summary>The evaluating function or script failed; not satisfied (fail closed).</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>The left operand cannot be evaluated in this scope; it is checked in a later scope.</summary>
    [JsonStringEnumMemberName("deferred")]
    Deferred,

    /// <summary>Not evaluated: an earlier operand of an andSequence was not satisfied.</summary>
    [JsonStringEnumMemberName("notEvaluated")]
    NotEvaluated,
}
