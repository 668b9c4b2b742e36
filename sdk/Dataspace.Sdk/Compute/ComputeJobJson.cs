using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataspace.Sdk.Compute;

/// <summary>The JSON form of a job, the same in every store and on the wire between connectors (camelCase, states by name).</summary>
public static class ComputeJobJson
{
    /// <summary>The serializer options of the job's JSON form.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
    };

    /// <summary>Writes a job as JSON.</summary>
    public static string Serialize(ComputeJob job) => JsonSerializer.Serialize(job, Options);

    /// <summary>Reads a job from JSON.</summary>
    /// <exception cref="JsonException">The text is not a job.</exception>
    public static ComputeJob Deserialize(string json)
        => JsonSerializer.Deserialize<ComputeJob>(json, Options) ?? throw new JsonException("expected a compute job object, got null");
}
