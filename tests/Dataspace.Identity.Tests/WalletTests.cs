using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Tests.Support;
using Dataspace.Identity.Wallet;

namespace Dataspace.Identity.Tests;

public sealed class WalletTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dataspace-wallet-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Import_List_Remove_FlagsExpiredAndRevoked_AndPersists()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority(Jose.JwsAlgorithms.EdDSA, false, "*");
        var me = space.AddParticipant();
        var wallet = new CredentialWallet(new FileCredentialStore(_folder), space.Credentials, me.IdentityProvider);
        var valid = authority.Issue(me.Did, CredentialProfile.Vc20BitstringStatusList);
        var expired = authority.Issue(me.Did, CredentialProfile.Vc11StatusList2021, "FinanceSubspaceCredential", validFrom: TestDataspace.Start.AddDays(-9), validUntil: TestDataspace.Start.AddDays(-2));
        var revoked = authority.Issue(me.Did, CredentialProfile.Vc20BitstringStatusList, "HealthcareSubspaceCredential");
        authority.Revoke(CredentialProfile.Vc20BitstringStatusList, authority.LastIndex);

        var imported = new List<StoredCredential>();
        foreach (var jwt in new[] { valid, expired, revoked })
        {
            var result = await wallet.ImportAsync(jwt, CancellationToken.None);
            Assert.True(result.Succeeded, result.Reason);
            imported.Add(result.Value);
        }

        var reopened = new CredentialWallet(new FileCredentialStore(_folder), space.Credentials, me.IdentityProvider);
        var states = (await reopened.ListAsync(CancellationToken.None)).ToDictionary(e => e.Credential.Id, e => e.State);

        Assert.Equal(WalletCredentialState.Valid, states[imported[0].Id]);
        Assert.Equal(WalletCredentialState.Expired, states[imported[1].Id]);
        Assert.Equal(WalletCredentialState.Revoked, states[imported[2].Id]);
        Assert.Equal(["FinanceSubspaceCredential"], (await reopened.GetAsync(imported[1].Id, CancellationToken.None))!.Types);
        Assert.True(await reopened.RemoveAsync(imported[1].Id, CancellationToken.None));
        Assert.False(await reopened.RemoveAsync(imported[1].Id, CancellationToken.None));
        Assert.Equal(2, (await reopened.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Import_CredentialOfAnotherSubject_IsHolderMismatch()
    {
        using var space = new TestDataspace();
        var authority = space.AddAuthority();
        var (me, other) = (space.AddParticipant(), space.AddParticipant());
        var wallet = new CredentialWallet(new InMemoryCredentialStore(), space.Credentials, me.IdentityProvider);

        var result = await wallet.ImportAsync(authority.Issue(other.Did, CredentialProfile.Vc20BitstringStatusList), CancellationToken.None);

        Assert.Equal(VerificationFailure.HolderMismatch, result.Failure);
    }

    [Fact]
    public async Task Import_Garbage_IsMalformed()
    {
        using var space = new TestDataspace();
        var me = space.AddParticipant();
        var wallet = new CredentialWallet(new InMemoryCredentialStore(), space.Credentials, me.IdentityProvider);

        var result = await wallet.ImportAsync(me.Sts.CreateIdToken("did:web:x"), CancellationToken.None);

        Assert.Equal(VerificationFailure.MalformedCredential, result.Failure);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
