using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;

namespace Dataspace.Identity.Dcp;

/// <summary>Builds this participant's identity (DID document and signer) from its keys, for did:web or did:key.</summary>
public static class LocalIdentities
{
    /// <summary>The fragment of the active key in a did:web document is the key's id; this is the service fragment of the Credential Service.</summary>
    public const string CredentialServiceFragment = "credential-service";

    /// <summary>The fragment of the DSP endpoint's service entry.</summary>
    public const string DataServiceFragment = "dsp";

    /// <summary>A did:key identity for the key (did:key documents have no services).</summary>
    public static LocalIdentity ForDidKey(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var did = DidKeyResolver.CreateDid(key.PublicJwk);
        var document = DidKeyResolver.Expand(did, out var reason) ?? throw new InvalidOperationException(reason);
        return new LocalIdentity(new DidSigner(did, DidKeyResolver.CreateKeyId(key.PublicJwk), key), document);
    }

    /// <summary>A did:web identity whose document lists the key (and any older keys still retained) and the services.</summary>
    /// <param name="did">The did:web DID.</param>
    /// <param name="activeKeyId">The local id of the signing key (its fragment in the document).</param>
    /// <param name="activeKey">The signing key.</param>
    /// <param name="retiredKeys">Older keys kept so credentials they signed still verify (assertionMethod only).</param>
    /// <param name="services">Service entries (Credential Service, DSP endpoint).</param>
    public static LocalIdentity ForDidWeb(string did, string activeKeyId, SigningKey activeKey, IEnumerable<KeyInfo> retiredKeys, IEnumerable<DidService> services)
    {
        ArgumentNullException.ThrowIfNull(activeKey);
        var activeId = $"{did}#{activeKeyId}";
        var retired = retiredKeys.Where(k => k.Id != activeKeyId).Select(k => new VerificationMethod
        {
            Id = $"{did}#{k.Id}", Type = "JsonWebKey2020", Controller = did, PublicKey = k.PublicKey,
        }).ToList();
        var document = new DidDocument
        {
            Id = did,
            VerificationMethods = [new VerificationMethod { Id = activeId, Type = "JsonWebKey2020", Controller = did, PublicKey = activeKey.PublicJwk }, .. retired],
            Relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>>
            {
                [VerificationRelationship.Authentication] = [activeId],
                [VerificationRelationship.AssertionMethod] = [activeId, .. retired.Select(m => m.Id)],
                [VerificationRelationship.CapabilityInvocation] = [activeId],
            },
            Services = [.. services],
        };
        return new LocalIdentity(new DidSigner(did, activeId, activeKey), document);
    }

    /// <summary>The standard service entries: the Credential Service base URL and, when given, the DSP endpoint.</summary>
    public static IReadOnlyList<DidService> Services(string did, Uri credentialService, Uri? dspEndpoint)
    {
        ArgumentNullException.ThrowIfNull(credentialService);
        var list = new List<DidService>
        {
            new() { Id = $"{did}#{CredentialServiceFragment}", Type = DidServiceTypes.CredentialService, ServiceEndpoint = credentialService.AbsoluteUri.TrimEnd('/') },
        };
        if (dspEndpoint is not null)
        {
            list.Add(new DidService { Id = $"{did}#{DataServiceFragment}", Type = DidServiceTypes.DataService, ServiceEndpoint = dspEndpoint.AbsoluteUri.TrimEnd('/') });
        }

        return list;
    }

    /// <summary>Loads the identity from the key store: the active key (created with <paramref name="algorithm"/> if the store is empty) and retained older keys.</summary>
    /// <param name="keys">The key store.</param>
    /// <param name="didWeb">The did:web DID, or null for a did:key identity.</param>
    /// <param name="services">Service entries for a did:web document.</param>
    /// <param name="algorithm">The algorithm of a first key.</param>
    /// <param name="time">The clock, to drop retired keys past their retention.</param>
    /// <param name="cancellationToken">Cancels file I/O.</param>
    public static async Task<LocalIdentity> LoadAsync(
        KeyStore keys, string? didWeb, IEnumerable<DidService> services, string algorithm, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        var active = await keys.GetActiveAsync(cancellationToken).ConfigureAwait(false)
                     ?? await keys.CreateAsync(algorithm, null, cancellationToken).ConfigureAwait(false);
        var key = await keys.LoadSigningKeyAsync(active.Id, cancellationToken).ConfigureAwait(false);
        if (didWeb is null)
        {
            return ForDidKey(key);
        }

        var now = time.GetUtcNow();
        var retained = (await keys.ListAsync(cancellationToken).ConfigureAwait(false)).Where(k => !k.IsActive && k.RetainUntil > now);
        return ForDidWeb(didWeb, active.Id, key, retained, services);
    }
}
