using System.Collections.Frozen;
using System.Text.Json;

namespace Dataspace.Policies.Evaluation;

/// <summary>The party a policy is evaluated for, with the claims of its verified credentials.</summary>
public sealed record RequestingParty
{
    /// <summary>Creates a party from its identifier.</summary>
    public RequestingParty(string id) => Id = id;

    /// <summary>The party's identifier, normally its DID.</summary>
    public string Id { get; init; }

    /// <summary>Verified credential claims keyed by credential type (e.g. <c>MembershipCredential</c>), each the credentialSubject as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> Claims { get; init; } = FrozenDictionary<string, JsonElement>.Empty;

    /// <summary>
    /// The issuer DID of each verified credential keyed by credential type, from the same credential as its
    /// <see cref="Claims"/>; read by <c>issuer:CredentialType</c> operands.
    /// </summary>
    public IReadOnlyDictionary<string, string> Issuers { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Identifiers of the party collections (memberships) the party has been verified to belong to.</summary>
    public IReadOnlyList<string> Collections { get; init; } = [];
}
