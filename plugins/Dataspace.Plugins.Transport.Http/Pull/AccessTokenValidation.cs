namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>The outcome of validating a pull access token: its claims, or why it is refused.</summary>
internal sealed record AccessTokenValidation
{
    private AccessTokenValidation() { }

    /// <summary>The token's claims when valid.</summary>
    public AccessTokenClaims? Claims { get; private init; }

    /// <summary>Why the token is refused; null when valid.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the token is valid.</summary>
    public bool IsValid => Reason is null;

    /// <summary>A valid token.</summary>
    public static AccessTokenValidation Valid(AccessTokenClaims claims) => new() { Claims = claims };

    /// <summary>A refused token with its reason.</summary>
    public static AccessTokenValidation Invalid(string reason) => new() { Reason = reason };
}
