using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>What a pull access token binds: transfer, agreement and consumer, for a limited time.</summary>
internal sealed record AccessTokenClaims
{
    /// <summary>The token's unique id.</summary>
    [JsonPropertyName("jti")]
    public required string TokenId { get; init; }

    /// <summary>The consumer the token was issued to.</summary>
    [JsonPropertyName("sub")]
    public required string ConsumerId { get; init; }

    /// <summary>The provider's transfer process id.</summary>
    [JsonPropertyName("tid")]
    public required string TransferId { get; init; }

    /// <summary>The agreement the transfer is under.</summary>
    [JsonPropertyName("agr")]
    public required string AgreementId { get; init; }

    /// <summary>The issue generation within the transfer; a stop retires every generation issued before it.</summary>
    [JsonPropertyName("gen")]
    public required long Generation { get; init; }

    /// <summary>Issued at, in seconds since the Unix epoch.</summary>
    [JsonPropertyName("iat")]
    public required long IssuedAt { get; init; }

    /// <summary>Expires at, in seconds since the Unix epoch.</summary>
    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }
}
