using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;

namespace Dataspace.Identity.Registry;

/// <summary>The authority's side of the participant registry: signs one entry per member as a compact JWS.</summary>
/// <remarks>Entries are signed when served, so each carries a fresh <c>iat</c> and an <c>exp</c> one <see cref="Lifetime"/> later.</remarks>
public sealed class ParticipantRegistrySigner
{
    /// <summary>How long a signed entry is valid: 24 hours, as the registry contract says.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The JWS <c>typ</c> of an entry.</summary>
    public const string TokenType = "JWT";

    private readonly DidSigner _authority;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer over the authority's DID and key (an ES256 key for the contract's entries).</summary>
    public ParticipantRegistrySigner(DidSigner authority, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(time);
        _authority = authority;
        _time = time;
    }

    /// <summary>The authority DID that signs (every entry's <c>iss</c>).</summary>
    public string AuthorityDid => _authority.Did;

    /// <summary>Signs an entry for the member, valid from now for <see cref="Lifetime"/>.</summary>
    public string Sign(string memberDid, string name, string dspEndpoint, IEnumerable<string> subspaces, string status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memberDid);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(dspEndpoint);
        ArgumentNullException.ThrowIfNull(subspaces);
        if (status is not (ParticipantStatuses.Active or ParticipantStatuses.Revoked))
        {
            throw new ArgumentException($"status '{status}' is not 'active' or 'revoked'.", nameof(status));
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = _authority.Did,
            ["sub"] = memberDid,
            ["name"] = name,
            ["dspEndpoint"] = dspEndpoint,
            ["subspaces"] = new JsonArray([.. subspaces.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["status"] = status,
            ["iat"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
        };
        return _authority.Sign(payload, TokenType);
    }

    /// <summary>Signs the entry's content afresh (its own times are replaced by now and now + <see cref="Lifetime"/>).</summary>
    public string Sign(ParticipantRegistryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Sign(entry.Did, entry.Name, entry.DspEndpoint, entry.Subspaces, entry.Status);
    }
}
