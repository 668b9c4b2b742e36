using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>Source-generated serialisation of token claims: parsed on every pull request.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AccessTokenClaims))]
internal sealed partial class AccessTokenJsonContext : JsonSerializerContext;
