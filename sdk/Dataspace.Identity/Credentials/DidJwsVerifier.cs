using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Credentials;

/// <summary>Checks that a JWS was signed by a key that a DID's document lists in the required relationship.</summary>
public sealed class DidJwsVerifier
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private readonly DidResolverRegistry _resolver;
    private readonly bool _acceptUndeclared;

    /// <summary>Creates the verifier over the DID resolver registry (strict relationships).</summary>
    public DidJwsVerifier(DidResolverRegistry resolver)
        : this(resolver, new IdentityOptions())
    {
    }

    /// <summary>Creates the verifier; <see cref="IdentityOptions.AcceptUndeclaredRelationships"/> decides how documents without a relationship are read.</summary>
    public DidJwsVerifier(DidResolverRegistry resolver, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _resolver = resolver;
        _acceptUndeclared = options.AcceptUndeclaredRelationships;
    }

    /// <summary>The verification method that signed the JWS as <paramref name="signerDid"/>, or the specific reason it did not.</summary>
    /// <remarks>Without a <c>kid</c>, every method of the relationship is tried (some JWT libraries omit it).</remarks>
    public Task<VerificationResult<VerificationMethod>> VerifyAsync(
        JwsToken jws, string signerDid, VerificationRelationship relationship, CancellationToken cancellationToken) =>
        VerifyAsync(jws, signerDid, relationship, kidRequiredWithSeveralKeys: false, cancellationToken);

    /// <summary>As <see cref="VerifyAsync(JwsToken, string, VerificationRelationship, CancellationToken)"/>; with
    /// <paramref name="kidRequiredWithSeveralKeys"/>, a JWS without <c>kid</c> is accepted only from a document with one
    /// verification method (the DCP rule for Self-Issued ID tokens).</summary>
    public async Task<VerificationResult<VerificationMethod>> VerifyAsync(
        JwsToken jws, string signerDid, VerificationRelationship relationship, bool kidRequiredWithSeveralKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(signerDid);
        if (!JwsAlgorithms.IsSupported(jws.Algorithm))
        {
            return new VerificationError(VerificationFailure.UnsupportedAlgorithm, $"alg '{jws.Algorithm}' is not supported; expected ES256, ES384, ES512, EdDSA, RS256/384/512 or PS256/384/512");
        }

        if (jws.KeyId is { } kid && kid.Contains('#', StringComparison.Ordinal) && Did.WithoutFragment(kid) != signerDid)
        {
            return new VerificationError(VerificationFailure.KeyNotInDidDocument, $"kid '{kid}' is not a key of {signerDid}");
        }

        var resolved = await _resolver.ResolveAsync(signerDid, cancellationToken).ConfigureAwait(false);
        if (resolved.Document is not { } document)
        {
            return new VerificationError(VerificationFailure.UnknownDid, $"{signerDid} could not be resolved ({resolved.Error}): {resolved.Reason}");
        }

        var undeclared = _acceptUndeclared && !document.Relationships.ContainsKey(relationship);
        if (jws.KeyId is null && kidRequiredWithSeveralKeys && document.VerificationMethods.Count > 1)
        {
            return new VerificationError(VerificationFailure.KeyNotInDidDocument, $"the JWS has no kid and the DID document of {signerDid} has {document.VerificationMethods.Count} keys; name the key with kid");
        }

        if (jws.KeyId is null)
        {
            var candidates = undeclared ? document.VerificationMethods : document.MethodsFor(relationship);
            var candidate = candidates.FirstOrDefault(m => jws.VerifySignature(m.PublicKey));
            return candidate is null
                ? new VerificationError(VerificationFailure.InvalidSignature, $"the JWS has no kid and no {Name(relationship)} key of {signerDid} verifies its signature")
                : candidate;
        }

        var method = document.FindMethod(jws.KeyId);
        if (method is null)
        {
            // The signer may have rotated its key since we cached its document: look once more (at most every 30 s).
            var refreshed = await _resolver.RefreshAsync(signerDid, RefreshInterval, cancellationToken).ConfigureAwait(false);
            if (refreshed.Document?.FindMethod(jws.KeyId) is { } fresh)
            {
                document = refreshed.Document;
                undeclared = _acceptUndeclared && !document.Relationships.ContainsKey(relationship);
                method = fresh;
            }
        }

        if (method is null)
        {
            return new VerificationError(VerificationFailure.KeyNotInDidDocument, $"kid '{jws.KeyId}' is not a verification method in the DID document of {signerDid}");
        }

        if (!undeclared && !document.IsAuthorized(method.Id, relationship))
        {
            return new VerificationError(VerificationFailure.KeyNotAuthorized, $"key '{method.Id}' is not listed under {Name(relationship)} in the DID document of {signerDid}");
        }

        if (!jws.VerifySignature(method.PublicKey))
        {
            return new VerificationError(VerificationFailure.InvalidSignature, $"the signature does not verify with key '{method.Id}' ({jws.Algorithm})");
        }

        return method;
    }

    private static string Name(VerificationRelationship relationship) => relationship switch
    {
        VerificationRelationship.AssertionMethod => "assertionMethod",
        VerificationRelationship.CapabilityInvocation => "capabilityInvocation",
        VerificationRelationship.CapabilityDelegation => "capabilityDelegation",
        VerificationRelationship.KeyAgreement => "keyAgreement",
        _ => "authentication",
    };
}
