using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>Source-generated JSON for the values the component writes.</summary>
[JsonSerializable(typeof(long))]
internal sealed partial class PsiJsonContext : JsonSerializerContext;
