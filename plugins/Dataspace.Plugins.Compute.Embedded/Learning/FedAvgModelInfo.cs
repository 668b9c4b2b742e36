using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Compute.Embedded.Learning;

/// <summary>What the <c>model</c> blob of <c>fl/fedavg:1</c> holds: the model kind, tensor format and the layout of its values.</summary>
internal sealed record FedAvgModelInfo(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("layout")] string[] Layout,
    [property: JsonPropertyName("rounds")] int Rounds,
    [property: JsonPropertyName("clients")] int Clients,
    [property: JsonPropertyName("rows")] long Rows);

[JsonSerializable(typeof(FedAvgModelInfo))]
internal sealed partial class FedAvgJson : JsonSerializerContext;
