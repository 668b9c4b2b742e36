using System.Text.Json;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Dids;

/// <summary>Resolves did:key DIDs (Ed25519 <c>z6Mk…</c>, P-256 <c>zDn…</c>) by expanding the key, and creates them from keys.</summary>
public sealed class DidKeyResolver : IDidResolver
{
    /// <inheritdoc/>
    public string Method => "key";

    /// <summary>The did:key DID of a public key.</summary>
    public static string CreateDid(Jwk publicKey) => "did:key:" + MultikeyCodec.Encode(publicKey);

    /// <summary>The verification method id that did:key gives the key (<c>did:key:z…#z…</c>).</summary>
    public static string CreateKeyId(Jwk publicKey)
    {
        var multibase = MultikeyCodec.Encode(publicKey);
        return $"did:key:{multibase}#{multibase}";
    }

    /// <summary>Expands a did:key DID into its DID document; null with a reason if the DID is not a supported did:key.</summary>
    public static DidDocument? Expand(string did, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!Did.TryParse(did, out var method, out var id) || method != "key")
        {
            reason = $"'{did}' is not a did:key DID";
            return null;
        }

        if (!MultikeyCodec.TryDecode(id, out var key, out reason))
        {
            return null;
        }

        var methodId = did + "#" + id;
        IReadOnlyList<string> refs = [methodId];
        reason = null;
        return new DidDocument
        {
            Id = did,
            VerificationMethods = [new VerificationMethod { Id = methodId, Type = "JsonWebKey2020", Controller = did, PublicKey = key }],
            Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>>
            {
                [VerificationRelationship.Authentication] = refs,
                [VerificationRelationship.AssertionMethod] = refs,
                [VerificationRelationship.CapabilityInvocation] = refs,
                [VerificationRelationship.CapabilityDelegation] = refs,
            },
        };
    }

    /// <inheritdoc/>
    public Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = Expand(context.Did, out var reason);
        var result = document is null
            ? DidResolutionResult.Fail(DidResolutionErrors.InvalidDid, reason!)
            : DidResolutionResult.Success(JsonSerializer.SerializeToElement(document.ToJson()));
        return Task.FromResult(result);
    }
}
