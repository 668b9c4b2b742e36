using Dataspace.Identity.Dcp;
using Dataspace.Identity.Wallet;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.Tests.Support;

/// <summary>One connector's identity services, wired as the host would wire them.</summary>
internal sealed class Participant
{
    public Participant(TestDataspace space, LocalIdentity identity)
    {
        Identity = identity;
        IdentityProvider = new StaticLocalIdentityProvider(identity);
        Sts = new SecureTokenService(IdentityProvider, space.Clock, space.Options);
        Tokens = new SelfIssuedTokenValidator(space.Signatures, new JtiReplayCache(space.Clock), space.Clock, space.Options);
        Cache = new PresentationCache(space.Clock, space.Options.PresentationCacheTtl);
        Verifier = new DcpVerifier(
            Tokens, space.Resolver, space.CredentialServices, new CredentialServiceLocator(space.Directory), space.Credentials, Sts, IdentityProvider, Cache, space.Options,
            NullLogger<DcpVerifier>.Instance);
        CredentialService = new CredentialServiceHandler(IdentityProvider, Wallet, Tokens, space.Clock, space.Options);
    }

    public LocalIdentity Identity { get; }

    public string Did => Identity.Did;

    public StaticLocalIdentityProvider IdentityProvider { get; }

    public InMemoryCredentialStore Wallet { get; } = new();

    public SecureTokenService Sts { get; }

    public SelfIssuedTokenValidator Tokens { get; }

    public PresentationCache Cache { get; }

    public DcpVerifier Verifier { get; }

    public CredentialServiceHandler CredentialService { get; }

    /// <summary>The token this participant sends to <paramref name="verifier"/>, granting it the credential types.</summary>
    public string TokenFor(Participant verifier, params string[] types) =>
        Sts.CreateTokenForVerifier(verifier.Did, types.Length == 0 ? ["MembershipCredential"] : types);

    public async Task HoldAsync(string jwt)
    {
        Assert.True(StoredCredential.TryCreate(jwt, out var stored, out var reason), reason);
        await Wallet.SaveAsync(stored, CancellationToken.None);
    }

    /// <summary>This participant, as verifier, checks a request's Authorization header asking for the types.</summary>
    public Task<VerificationResult<VerifiedCaller>> VerifyAsync(string? authorization, params string[] types) =>
        Verifier.VerifyAsync(authorization, types.Length == 0 ? ["MembershipCredential"] : types, CancellationToken.None);
}
