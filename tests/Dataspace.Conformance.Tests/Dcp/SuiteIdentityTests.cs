using System.Net;
using System.Net.Sockets;
using Dataspace.Conformance.Identity;
using Dataspace.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Trust;

namespace Dataspace.Conformance.Tests.Dcp;

/// <summary>The suite's own DCP identity: what it serves verifies as each persona's name says, and it persists.</summary>
public sealed class SuiteIdentityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conformance-identity-").FullName;

    [Fact]
    public async Task Personas_ServedCredentials_VerifyAsTheirNamesSay()
    {
        var context = new CheckContext(Configuration());
        await using var server = await SuiteParticipantServer.ForCheckAsync(context, CancellationToken.None);
        var identity = server.Identity;
        using var http = new HttpClient();
        var resolver = new DidResolverRegistry([new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = true })], TimeProvider.System, TimeSpan.Zero);
        var options = new IdentityOptions();
        var signatures = new DidJwsVerifier(resolver, options);
        var trust = new TrustAnchorSet([new TrustAnchor { Did = identity.AuthorityDid, CredentialTypes = [SuiteIdentity.MembershipCredential, SuiteIdentity.IndustryCredential] }]);
        var verifier = new CredentialVerifier(signatures, new StatusListChecker(new HttpStatusListFetcher(http), signatures, TimeProvider.System, options), new StaticTrustAnchorProvider(trust), TimeProvider.System, options);

        async Task<string> OutcomeAsync(string persona)
        {
            var result = await verifier.VerifyCredentialAsync(Assert.Single(identity.Persona(persona).Credentials), identity.Persona(persona).Did, CancellationToken.None);
            return result.Succeeded ? string.Join(",", result.Value.Types.Where(t => t != "VerifiableCredential")) : result.Error.Failure.ToString();
        }

        Assert.Equal(SuiteIdentity.MembershipCredential, await OutcomeAsync(SuitePersonas.Member));
        Assert.Equal(SuiteIdentity.IndustryCredential, await OutcomeAsync(SuitePersonas.Outsider));
        Assert.Equal(nameof(VerificationFailure.CredentialRevoked), await OutcomeAsync(SuitePersonas.Revoked));
        Assert.Equal(nameof(VerificationFailure.CredentialExpired), await OutcomeAsync(SuitePersonas.Expired));
        Assert.Empty(identity.Persona(SuitePersonas.Anonymous).Credentials);

        var member = await resolver.ResolveAsync(identity.Persona(SuitePersonas.Member).Did, CancellationToken.None);
        Assert.Equal(identity.Persona(SuitePersonas.Member).CredentialService.AbsoluteUri.TrimEnd('/'), member.Document?.FindServiceEndpoint(DidServiceTypes.CredentialService));
        Assert.Contains(context.Exchanges, e => e.Direction == "received" && e.Url.EndsWith("/persona/member/did.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_Twice_KeepsKeysAndCredentials()
    {
        var configuration = Configuration();
        using var first = await SuiteIdentity.LoadAsync(configuration, TimeProvider.System, CancellationToken.None);
        using var second = await SuiteIdentity.LoadAsync(configuration, TimeProvider.System, CancellationToken.None);

        foreach (var name in SuitePersonas.All)
        {
            Assert.Equal(first.Persona(name).Identity.Document.ToJson().ToJsonString(), second.Persona(name).Identity.Document.ToJson().ToJsonString());
            Assert.Equal(first.Persona(name).Credentials, second.Persona(name).Credentials);
        }

        Assert.Equal(first.AuthorityIdentity.Document.ToJson().ToJsonString(), second.AuthorityIdentity.Document.ToJson().ToJsonString());
        Assert.Equal(SuiteIdentity.AuthorityDidFor(first.Address), first.AuthorityDid);
        Assert.StartsWith("did:web:127.0.0.1%3A", first.AuthorityDid, StringComparison.Ordinal);
        Assert.EndsWith(":authority", first.AuthorityDid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_WithoutAnAddress_IsAConfigurationErrorNamingTheKey()
    {
        // A configuration problem, not a violation by the target: a check that hits it ends as an error.
        var error = await Assert.ThrowsAsync<ConformanceConfigurationException>(() =>
            SuiteIdentity.LoadAsync(new ConformanceConfiguration([new(SuiteIdentity.DirectoryKey, _directory)]), TimeProvider.System, CancellationToken.None));

        Assert.Contains(SuiteIdentity.AddressKey, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ConformanceConfiguration Configuration()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new ConformanceConfiguration([new(SuiteIdentity.AddressKey, $"http://127.0.0.1:{port}/"), new(SuiteIdentity.DirectoryKey, _directory)]);
    }
}
