using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Identity.Tests;

public sealed class KeyStoreTests : IDisposable
{
    private const string Secret = "correct horse battery staple";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dataspace-keys-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public async Task CreatedKey_Reloads_AndSignsVerifiably(string algorithm)
    {
        using var store = new KeyStore(_folder, Secret, _clock);
        var info = await store.CreateAsync(algorithm, null, CancellationToken.None);

        using var reopened = new KeyStore(_folder, Secret, _clock);
        using var key = await reopened.LoadSigningKeyAsync(info.Id, CancellationToken.None);
        var token = CompactJws.Sign(new JsonObject { ["x"] = 1 }, key, info.Id);

        Assert.Equal(info.PublicKey, key.PublicJwk);
        Assert.True(CompactJws.TryParse(token, out var jws, out _));
        Assert.True(jws.VerifySignature(info.PublicKey));
        Assert.Equal(info, (await reopened.GetActiveAsync(CancellationToken.None))! with { });
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public async Task PrivateKey_IsEncryptedAtRest(string algorithm)
    {
        using var store = new KeyStore(_folder, Secret, _clock);
        var info = await store.CreateAsync(algorithm, null, CancellationToken.None);
        using var key = await store.LoadSigningKeyAsync(info.Id, CancellationToken.None);
        var d = key.ExportPrivateJwk().D!;

        var file = await File.ReadAllTextAsync(Directory.GetFiles(_folder).Single());

        Assert.DoesNotContain(d, file, StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", file, StringComparison.Ordinal);
        Assert.Contains("A256GCM", file, StringComparison.Ordinal);
        Assert.Contains(info.PublicKey.X!, file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_CannotDecrypt()
    {
        using var store = new KeyStore(_folder, Secret, _clock);
        var info = await store.CreateAsync(JwsAlgorithms.EdDSA, null, CancellationToken.None);
        using var wrong = new KeyStore(_folder, "another secret of some length", _clock);

        var error = await Assert.ThrowsAsync<CryptographicException>(() => wrong.LoadSigningKeyAsync(info.Id, CancellationToken.None));

        Assert.Contains("does not decrypt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortSecret_IsRefused_NamingTheSetting() =>
        Assert.Contains("KeyStoreSecret", Assert.Throws<ArgumentException>(() => new KeyStore(_folder, "short", _clock)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Rotation_KeepsOldKeyForAssertionsUntilRetention_ButNotForTokens()
    {
        using var store = new KeyStore(_folder, Secret, _clock);
        var first = await store.CreateAsync(JwsAlgorithms.ES256, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var second = await store.CreateAsync(JwsAlgorithms.EdDSA, _clock.GetUtcNow().AddDays(30), CancellationToken.None);
        const string did = "did:web:connector.example";

        var identity = await LocalIdentities.LoadAsync(store, did, [], JwsAlgorithms.ES256, _clock, CancellationToken.None);
        var old = $"{did}#{first.Id}";

        Assert.Equal($"{did}#{second.Id}", identity.Signer.KeyId);
        Assert.True(identity.Document.IsAuthorized(old, VerificationRelationship.AssertionMethod));
        Assert.False(identity.Document.IsAuthorized(old, VerificationRelationship.CapabilityInvocation));
        Assert.True(identity.Document.IsAuthorized(identity.Signer.KeyId, VerificationRelationship.CapabilityInvocation));

        _clock.Advance(TimeSpan.FromDays(31));
        var later = await LocalIdentities.LoadAsync(store, did, [], JwsAlgorithms.ES256, _clock, CancellationToken.None);
        Assert.Null(later.Document.FindMethod(old));
        identity.Signer.Key.Dispose();
        later.Signer.Key.Dispose();
    }

    [Fact]
    public async Task EmptyStore_LoadsDidKeyIdentity_WithANewKey()
    {
        using var store = new KeyStore(_folder, Secret, _clock);

        var identity = await LocalIdentities.LoadAsync(store, null, [], JwsAlgorithms.EdDSA, _clock, CancellationToken.None);
        using var _ = identity.Signer.Key;

        Assert.StartsWith("did:key:z6Mk", identity.Did, StringComparison.Ordinal);
        Assert.Single(await store.ListAsync(CancellationToken.None));
        Assert.Equal(identity.Did, DidKeyResolver.CreateDid(identity.Signer.Key.PublicJwk));
        Assert.Equal(identity.Did, identity.Signer.Did);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
