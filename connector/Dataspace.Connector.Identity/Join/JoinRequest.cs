namespace Dataspace.Connector.Identity.Join;

/// <summary>What an operator gives to join a data space: the authority and the application's contents.</summary>
internal sealed record JoinRequest
{
    public required Uri Authority { get; init; }

    public required string LegalName { get; init; }

    /// <summary><c>USCC</c> (unified social credit code) or another registry's name.</summary>
    public required string RegistryScheme { get; init; }

    public required string RegistryValue { get; init; }

    public string? ContactName { get; init; }

    public required string ContactEmail { get; init; }

    public IReadOnlyList<string> Subspaces { get; init; } = [];

    /// <summary>Null when the request is complete, else what is missing or wrong.</summary>
    public string? Problem() =>
        !Authority.IsAbsoluteUri || Authority.Scheme is not ("http" or "https") ? $"authority '{Authority}' must be an absolute http(s) URL"
        : string.IsNullOrWhiteSpace(LegalName) ? "legalName is required (the enterprise's registered name)"
        : string.IsNullOrWhiteSpace(RegistryScheme) || string.IsNullOrWhiteSpace(RegistryValue) ? "registrationId needs a scheme (USCC or a registry's name) and a value"
        : string.IsNullOrWhiteSpace(ContactEmail) || !ContactEmail.Contains('@', StringComparison.Ordinal) ? $"contact email '{ContactEmail}' is not an e-mail address"
        : Subspaces.Any(string.IsNullOrWhiteSpace) ? "a subspace name is empty"
        : null;
}
