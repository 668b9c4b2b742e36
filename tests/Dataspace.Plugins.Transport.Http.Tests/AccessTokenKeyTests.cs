using Dataspace.Plugins.Transport.Http.Pull;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class AccessTokenKeyTests
{
    [Fact]
    public void LoadOrCreate_FirstUse_WritesAnOwnerOnlyKeyThatIsReusedAfterwards()
    {
        using var folder = new TempDirectory("http-plugin-");
        var data = Path.Combine(folder.Path, "plugins", "http");

        var created = AccessTokenKey.LoadOrCreate(data);
        var reloaded = AccessTokenKey.LoadOrCreate(data);

        var file = Path.Combine(data, AccessTokenKey.FileName);
        Assert.Equal(32, created.Key.Length);
        Assert.Equal(created.Key.ToArray(), reloaded.Key.ToArray());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void LoadOrCreate_KeyFileOfWrongLength_RefusesNamingTheFile()
    {
        using var folder = new TempDirectory("http-plugin-");
        File.WriteAllBytes(Path.Combine(folder.Path, AccessTokenKey.FileName), new byte[7]);

        var e = Assert.Throws<InvalidOperationException>(() => AccessTokenKey.LoadOrCreate(folder.Path));

        Assert.Contains(AccessTokenKey.FileName, e.Message, StringComparison.Ordinal);
        Assert.Contains("holds 7 bytes, expected 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenSignedWithAnotherKey_IsRefused()
    {
        var options = new HttpTransportOptions();
        var mine = new AccessTokenService(AccessTokenKey.Ephemeral(), TimeProvider.System, options);
        var theirs = new AccessTokenService(AccessTokenKey.Ephemeral(), TimeProvider.System, options);
        var (token, _) = theirs.Issue("t-1", "a-1", "c-1");

        var validation = mine.Validate(token, "t-1");

        Assert.False(validation.IsValid);
        Assert.Contains("signature is invalid", validation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OwnToken_YieldsTheBoundClaims()
    {
        var service = new AccessTokenService(AccessTokenKey.Ephemeral(), TimeProvider.System, new HttpTransportOptions());
        var (token, _) = service.Issue("t-1", "agreement-9", "did:web:acme");

        var validation = service.Validate(token, "t-1");

        Assert.True(validation.IsValid, validation.Reason);
        Assert.Equal(("t-1", "agreement-9", "did:web:acme"), (validation.Claims!.TransferId, validation.Claims.AgreementId, validation.Claims.ConsumerId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.!!!.???")]
    public void Validate_Malformed_IsRefusedWithReason(string token)
    {
        var service = new AccessTokenService(AccessTokenKey.Ephemeral(), TimeProvider.System, new HttpTransportOptions());

        var validation = service.Validate(token, "t-1");

        Assert.False(validation.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(validation.Reason));
    }
}
