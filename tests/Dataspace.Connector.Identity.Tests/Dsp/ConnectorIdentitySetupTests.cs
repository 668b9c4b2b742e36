using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Connector.Identity.Tests.Dsp;

public sealed class ConnectorIdentitySetupTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dataspace-identity-setup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void IsConfigured_NeedsASecretInConfigurationOrEnvironment()
    {
        Assert.False(ConnectorIdentitySetup.IsConfigured(Configuration(), environmentSecret: null));
        Assert.False(ConnectorIdentitySetup.IsConfigured(Configuration(("Connector:Identity:Did", "did:web:x.example")), environmentSecret: ""));
        Assert.True(ConnectorIdentitySetup.IsConfigured(Configuration(("Connector:Identity:KeyStoreSecret", TestConnector.Secret)), environmentSecret: null));
        Assert.True(ConnectorIdentitySetup.IsConfigured(Configuration(), environmentSecret: TestConnector.Secret));
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256, "did:key:zDn")]
    [InlineData(JwsAlgorithms.EdDSA, "did:key:z6Mk")]
    public async Task PrepareAsync_WithoutDid_CreatesTheFirstKey_AndKeepsItsDidKey(string algorithm, string prefix)
    {
        var configuration = Configuration(("Connector:Identity:KeyStoreSecret", TestConnector.Secret), ("Connector:Identity:KeyAlgorithm", algorithm));

        var first = await ConnectorIdentitySetup.PrepareAsync(configuration, TimeProvider.System, CancellationToken.None);
        var again = await ConnectorIdentitySetup.PrepareAsync(configuration, TimeProvider.System, CancellationToken.None);

        Assert.StartsWith(prefix, first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        using var keys = new KeyStore(Path.Combine(_data, "keys"), TestConnector.Secret, TimeProvider.System);
        Assert.Equal(first, DidKeyResolver.CreateDid((await keys.GetActiveAsync(CancellationToken.None))!.PublicKey));
    }

    [Fact]
    public async Task PrepareAsync_DidWeb_ReturnsTheConfiguredDid()
    {
        var did = await ConnectorIdentitySetup.PrepareAsync(
            Configuration(("Connector:Identity:KeyStoreSecret", TestConnector.Secret), ("Connector:Identity:Did", "did:web:bank.example"), ("Connector:Identity:PublicUrl", "https://bank.example")),
            TimeProvider.System, CancellationToken.None);

        Assert.Equal("did:web:bank.example", did);
    }

    [Theory]
    [InlineData("Connector:Identity:Did", "did:example:123", "Connector:Identity:Did is 'did:example:123'; expected a did:web DID")]
    [InlineData("Connector:Identity:KeyAlgorithm", "RS256", "Connector:Identity:KeyAlgorithm is 'RS256'; expected ES256 or EdDSA")]
    [InlineData("Connector:Identity:TrustAnchorsFile", "missing.json", "TrustAnchorsFile")]
    public async Task PrepareAsync_BadSetting_SaysWhichAndWhy(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAsync<IdentityConfigurationException>(() => ConnectorIdentitySetup.PrepareAsync(
            Configuration(("Connector:Identity:KeyStoreSecret", TestConnector.Secret), ("Connector:Identity:PublicUrl", "https://bank.example"), (key, value)),
            TimeProvider.System, CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_WrongSecret_FailsNamingTheSetting()
    {
        await ConnectorIdentitySetup.PrepareAsync(Configuration(("Connector:Identity:KeyStoreSecret", TestConnector.Secret)), TimeProvider.System, CancellationToken.None);

        var e = await Assert.ThrowsAsync<IdentityConfigurationException>(() => ConnectorIdentitySetup.PrepareAsync(
            Configuration(("Connector:Identity:KeyStoreSecret", "another-secret-of-some-length")), TimeProvider.System, CancellationToken.None));

        Assert.Contains("does not decrypt", e.Message, StringComparison.Ordinal);
        Assert.Contains("KeyStoreSecret", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create<string, string?>(s.Key, s.Value)).Append(KeyValuePair.Create<string, string?>("Connector:DataDirectory", _data))).Build();
}
