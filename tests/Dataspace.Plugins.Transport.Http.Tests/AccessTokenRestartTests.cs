using Dataspace.Plugins.Transport.Http.Pull;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>
/// Pull access tokens across a connector restart (a new <c>AccessTokenService</c> over the same data folder): a
/// revocation made before or after the restart retires every token issued before it, while tokens of transfers never
/// stopped keep working.
/// </summary>
public sealed class AccessTokenRestartTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly AccessTokenKey _key = AccessTokenKey.Ephemeral();
    private readonly List<AccessTokenRevocations> _opened = [];

    public void Dispose()
    {
        _opened.ForEach(r => r.Dispose());
        _data.Dispose();
    }

    [Fact]
    public void Validate_TokenOfARunningTransferAfterRestart_StaysValid()
    {
        var (token, _) = Start().Issue("t-1", "a-1", "c-1");

        var validation = Start().Validate(token, "t-1");

        Assert.True(validation.IsValid, validation.Reason);
    }

    [Fact]
    public async Task RevokeAsync_BeforeRestart_StillRetiresOldTokensWhenTheTransferIsResumedAfterIt()
    {
        var before = Start();
        var (old, _) = before.Issue("t-1", "a-1", "c-1");
        await before.RevokeAsync("t-1", CancellationToken.None);

        var after = Start();
        var (renewed, _) = after.Issue("t-1", "a-1", "c-1");

        var oldValidation = after.Validate(old, "t-1");
        Assert.False(oldValidation.IsValid);
        Assert.Contains("revoked", oldValidation.Reason, StringComparison.Ordinal);
        Assert.True(after.Validate(renewed, "t-1").IsValid);
    }

    [Fact]
    public async Task RevokeAsync_AfterRestart_RetiresTokensIssuedBeforeTheRestart()
    {
        var (old, _) = Start().Issue("t-1", "a-1", "c-1");

        var after = Start();
        await after.RevokeAsync("t-1", CancellationToken.None);
        var (renewed, _) = after.Issue("t-1", "a-1", "c-1");

        Assert.False(after.Validate(old, "t-1").IsValid);
        Assert.True(after.Validate(renewed, "t-1").IsValid);
    }

    [Fact]
    public async Task RevokeAsync_OneTransfer_LeavesTheOthersAfterRestart()
    {
        var before = Start();
        var (other, _) = before.Issue("t-2", "a-2", "c-1");
        await before.RevokeAsync("t-1", CancellationToken.None);

        Assert.True(Start().Validate(other, "t-2").IsValid);
    }

    [Fact]
    public async Task Open_RevocationsOlderThanAnyTokenLifetime_AreDroppedFromTheFile()
    {
        var service = Start();
        service.Issue("t-1", "a-1", "c-1");
        await service.RevokeAsync("t-1", CancellationToken.None);
        var file = Path.Combine(_data.Path, AccessTokenRevocations.FileName);
        Assert.Single(await File.ReadAllLinesAsync(file));

        var later = Open(DateTimeOffset.UtcNow.AddHours(25));

        Assert.Empty(later.Loaded);
        Assert.Empty(await File.ReadAllLinesAsync(file));
    }

    [Fact]
    public async Task Open_ALineCutShortByACrash_IsSkippedAndTheRestLoads()
    {
        var service = Start();
        await service.RevokeAsync("urn:uuid:t-1", CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(_data.Path, AccessTokenRevocations.FileName), "urn%3Auuid%3At-2\t");

        var reopened = Open(DateTimeOffset.UtcNow);

        Assert.Equal(["urn:uuid:t-1"], reopened.Loaded.Keys);
    }

    private AccessTokenService Start() => new(_key, TimeProvider.System, new HttpTransportOptions(), Open(DateTimeOffset.UtcNow));

    private AccessTokenRevocations Open(DateTimeOffset now)
    {
        var revocations = AccessTokenRevocations.Open(_data.Path, now);
        _opened.Add(revocations);
        return revocations;
    }
}
