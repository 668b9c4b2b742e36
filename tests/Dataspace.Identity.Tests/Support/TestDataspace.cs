using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Trust;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests.Support;

/// <summary>A data space in memory: a clock, DID resolution (did:key plus crafted did:web documents), status lists, trust anchors and wallets.</summary>
internal sealed class TestDataspace : IDisposable
{
    private readonly List<SigningKey> _keys = [];
    private int _participants;

    public TestDataspace(IdentityOptions? options = null, DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? Start);
        Options = options ?? new IdentityOptions();
        Resolver = new DidResolverRegistry([new DidKeyResolver(), Web], Clock, Options.DidCacheTtl);
        Signatures = new DidJwsVerifier(Resolver, Options);
        Status = new StatusListChecker(StatusLists, Signatures, Clock, Options);
        Credentials = new CredentialVerifier(Signatures, Status, Trust, Clock, Options);
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; }

    public IdentityOptions Options { get; }

    public InMemoryDidResolver Web { get; } = new();

    public InMemoryStatusListFetcher StatusLists { get; } = new();

    public DirectCredentialServiceClient CredentialServices { get; } = new();

    public StaticTrustAnchorProvider Trust { get; } = new(TrustAnchorSet.Empty);

    public Dictionary<string, Uri> Directory { get; } = [];

    public DidResolverRegistry Resolver { get; }

    public DidJwsVerifier Signatures { get; }

    public StatusListChecker Status { get; }

    public CredentialVerifier Credentials { get; }

    public SigningKey NewKey(string algorithm)
    {
        var key = SigningKey.Generate(algorithm);
        _keys.Add(key);
        return key;
    }

    /// <summary>A connector with a did:key or a (crafted, in-memory) did:web identity and its own wallet, STS and verifier.</summary>
    public Participant AddParticipant(string algorithm = JwsAlgorithms.ES256, bool didWeb = false)
    {
        var n = ++_participants;
        var key = NewKey(algorithm);
        var endpoint = new Uri($"https://connector{n}.example/api/credentials");
        LocalIdentity identity;
        if (didWeb)
        {
            var did = $"did:web:connector{n}.example";
            identity = LocalIdentities.ForDidWeb(did, "key-1", key, [], LocalIdentities.Services(did, endpoint, new Uri($"https://connector{n}.example/api/dsp")));
            Web.Publish(identity.Document);
        }
        else
        {
            identity = LocalIdentities.ForDidKey(key);
            Directory[identity.Did] = endpoint;
        }

        var participant = new Participant(this, identity);
        CredentialServices.Register(endpoint, participant.CredentialService);
        return participant;
    }

    /// <summary>An authority trusted to issue the given types (none given: MembershipCredential).</summary>
    public Authority AddAuthority(string algorithm = JwsAlgorithms.ES256, bool didWeb = false, params string[] types)
    {
        var key = NewKey(algorithm);
        LocalIdentity identity;
        if (didWeb)
        {
            var did = $"did:web:authority{++_participants}.example";
            identity = LocalIdentities.ForDidWeb(did, "key-1", key, [], []);
            Web.Publish(identity.Document);
        }
        else
        {
            identity = LocalIdentities.ForDidKey(key);
        }

        var authority = new Authority(this, identity.Signer);
        Trust.Update(new TrustAnchorSet([.. Trust.Current.Anchors, new TrustAnchor { Did = identity.Did, CredentialTypes = types.Length == 0 ? ["MembershipCredential"] : types }]));
        return authority;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
