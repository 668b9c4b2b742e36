using System.Diagnostics.CodeAnalysis;
using Dataspace.Identity.Credentials;

namespace Dataspace.Identity.Wallet;

/// <summary>A credential held in the wallet: the JWT and what was read from it.</summary>
public sealed record StoredCredential
{
    /// <summary>The credential id (its <c>id</c> or <c>jti</c>; a hash of the JWT when it has neither).</summary>
    public required string Id { get; init; }

    /// <summary>The credential as a compact JWT.</summary>
    public required string Jwt { get; init; }

    /// <summary>The profile.</summary>
    public required CredentialProfile Profile { get; init; }

    /// <summary>The types without <c>VerifiableCredential</c>.</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The issuer's DID.</summary>
    public required string Issuer { get; init; }

    /// <summary>The subject's DID.</summary>
    public string? SubjectDid { get; init; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Reads a credential JWT into a wallet entry; false with a reason if it is not a credential.</summary>
    public static bool TryCreate(string jwt, [NotNullWhen(true)] out StoredCredential? stored, [NotNullWhen(false)] out string? reason)
    {
        stored = null;
        if (!ParsedCredential.TryParse(jwt?.Trim() ?? string.Empty, out var vc, out reason))
        {
            return false;
        }

        stored = new StoredCredential
        {
            Id = vc.Id ?? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(vc.Jws.Compact))),
            Jwt = vc.Jws.Compact,
            Profile = vc.Profile,
            Types = [.. vc.Types.Where(t => t != "VerifiableCredential")],
            Issuer = vc.Issuer,
            SubjectDid = vc.SubjectId,
            ValidFrom = vc.ValidFrom,
            ValidUntil = vc.ValidUntil,
        };
        return true;
    }

    /// <summary>Describes the credential without its JWT.</summary>
    public override string ToString() => $"{Id} ({string.Join(", ", Types)}) from {Issuer}";
}
