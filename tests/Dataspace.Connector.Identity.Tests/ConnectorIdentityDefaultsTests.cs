using Microsoft.Extensions.Configuration;

namespace Dataspace.Connector.Identity.Tests;

public sealed class ConnectorIdentityDefaultsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("identity-defaults-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("Connector:Dsp:StaticTokens:tok-1234567890", "peer", null, false)]
    [InlineData("Connector:Tck:SeedFile", "seed.json", null, false)]
    [InlineData("Connector:ParticipantId", "provider", null, false)]
    [InlineData("Connector:ParticipantId", "did:web:bank.example", null, true)]
    [InlineData("Connector:Identity:Method", "none", null, false)]
    [InlineData("Connector:Identity:KeyStoreSecret", TestConnector.Secret, null, false)]
    [InlineData(null, null, TestConnector.Secret, false)]
    public void Applies_OnlyWhenNothingElseChoseHowPeersAuthenticate(string? key, string? value, string? environmentSecret, bool expected)
    {
        var configuration = Configuration(key is null ? [] : [(key, value!)]);

        Assert.Equal(expected, ConnectorIdentityDefaults.Applies(configuration, environmentSecret));
    }

    [Fact]
    public void Create_FixedLoopbackPort_GivesADidWebWithThePortEncoded_AndKeepsTheGeneratedSecretPrivate()
    {
        var settings = ConnectorIdentityDefaults.Create(Configuration([("Connector:Port", "9123")]), _data);

        Assert.Equal("did:web:127.0.0.1%3A9123", settings["Connector:Identity:Did"]);
        Assert.Equal("http://127.0.0.1:9123/", settings["Connector:Identity:PublicUrl"]);
        Assert.Equal("true", settings["Connector:Identity:AllowHttpForLoopback"]);
        var file = Path.Combine(_data, ConnectorIdentityDefaults.SecretFileName);
        Assert.Equal(settings["Connector:Identity:KeyStoreSecret"], File.ReadAllText(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        // The next start reads the same secret: the keys it encrypted stay readable.
        Assert.Equal(settings["Connector:Identity:KeyStoreSecret"], ConnectorIdentityDefaults.Create(Configuration([("Connector:Port", "9123")]), _data)["Connector:Identity:KeyStoreSecret"]);
    }

    [Theory]
    [InlineData("Connector:Port", "0")]
    [InlineData("Connector:BindAddress", "0.0.0.0")]
    [InlineData("Connector:Identity:Method", "key")]
    public void Create_AddressNotKnownOrDidKeyAsked_GivesDidKey(string key, string value)
    {
        var settings = ConnectorIdentityDefaults.Create(Configuration([(key, value)]), _data);

        Assert.False(settings.ContainsKey("Connector:Identity:Did"));
        Assert.True(settings.ContainsKey("Connector:Identity:KeyStoreSecret"));
    }

    [Fact]
    public void Create_PublicUrl_GivesItsDidWeb_AndDidWebWithoutAnAddressIsRefused()
    {
        Assert.Equal("did:web:bank.example", ConnectorIdentityDefaults.Create(Configuration([("Connector:Identity:PublicUrl", "https://bank.example")]), _data)["Connector:Identity:Did"]);

        var e = Assert.Throws<IdentityConfigurationException>(() => ConnectorIdentityDefaults.Create(Configuration([("Connector:Port", "0"), ("Connector:Identity:Method", "web")]), _data));
        Assert.Contains("Connector:Identity:PublicUrl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ShortSecretFile_IsRefusedRatherThanReplaced()
    {
        File.WriteAllText(Path.Combine(_data, ConnectorIdentityDefaults.SecretFileName), "short");

        var e = Assert.Throws<IdentityConfigurationException>(() => ConnectorIdentityDefaults.Create(Configuration([]), _data));

        Assert.Contains("shorter than 16", e.Message, StringComparison.Ordinal);
        Assert.Equal("short", File.ReadAllText(Path.Combine(_data, ConnectorIdentityDefaults.SecretFileName)));
    }

    private static IConfiguration Configuration(IEnumerable<(string Key, string Value)> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
