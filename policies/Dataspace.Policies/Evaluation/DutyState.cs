using System.Text.Json.Serialization;

namespace Dataspace.Policies.Evaluation;

/// <summary>The state of a duty, obligation, remedy or consequence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DutyState>))]
public enum DutyState
{
    /// <summary>Not yet fulfilled, and still within the constraints that bound when it may be fulfilled.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Fulfilled.</summary>
    [JsonStringEnumMemberName("fulfilled")]
    Fulfilled,

    /// <summary>Not fulfilled, and its constraints no longer hold (the deadline passed) or the connector recorded a violation.</summary>
    [JsonStringEnumMemberName("violated")]
    Violated,

    /// <summary>Violated, but every consequence has been fulfilled.</summary>
    [JsonStringEnumMemberName("remedied")]
    Remedied,
}
