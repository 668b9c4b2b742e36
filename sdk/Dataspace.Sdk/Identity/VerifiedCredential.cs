using System.Text.Json;

namespace Dataspace.Sdk.Identity;

/// <summary>One credential that passed signature, validity, status, holder and trust checks, reduced to what policies need.</summary>
public sealed record VerifiedCredential
{
    /// <summary>The credential's id, when it has one.</summary>
    public string? Id { get; init; }

    /// <summary>The credential's types without <c>VerifiableCredential</c> (e.g. <c>MembershipCredential</c>).</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The DID of the issuer, a trusted authority of the data space.</summary>
    public required string Issuer { get; init; }

    /// <summary>The claims of the credential subject (a JSON object; its <c>id</c> is the caller's DID).</summary>
    public required JsonElement Claims { get; init; }

    /// <summary>When the credential stops being valid, if it says.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// The credential as it was presented (a compact JWT), kept so that it can be verified again later (revocation,
    /// expiry, trust) while data is accessed under an agreement made with it; null when the source had none.
    /// </summary>
    public string? Jwt { get; init; }
}
