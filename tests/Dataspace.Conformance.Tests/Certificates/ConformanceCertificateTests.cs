using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Certificates;
using Dataspace.Conformance.Reports;
using Dataspace.Conformance.Tests.Reports;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Conformance.Tests.Certificates;

public sealed class ConformanceCertificateTests : IDisposable
{
    private const string ConnectorDid = "did:web:connector.example";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithms.ES256);
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _key.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task Issued_Certificate_VerifiesAndStatesWhatWasCertified()
    {
        var run = await FullPassAsync();
        var certifier = LocalIdentities.ForDidKey(_key).Signer;
        var jwt = ConformanceCertificateIssuer.Issue(ConformanceCertificateIssuer.ClaimsFor(run, ConnectorDid, Catalog), certifier, new FixedTime(Now));

        var verified = await Verifier(Now.AddDays(30)).VerifyAsync(jwt, ConformanceReportWriter.Digest(run), CancellationToken.None);

        Assert.True(verified.Valid, verified.Reason);
        Assert.Equal(certifier.Did, verified.Issuer);
        var claims = verified.Claims!;
        Assert.Equal(ConnectorDid, claims.ConnectorDid);
        Assert.Equal(SampleRuns.Target, claims.Endpoint);
        Assert.Equal([ConformanceProfiles.Dsp], claims.Profiles);
        Assert.Equal(ConformanceSuite.Version, claims.SuiteVersion);
        Assert.Equal(ConformanceReportWriter.Digest(run), claims.ReportDigest);
        Assert.Equal(2, claims.ChecksPassed);
        Assert.Equal(Now.AddDays(365), verified.ValidUntil);

        // It is a W3C VC 2.0 credential in the identity work's JWT format.
        Assert.True(ParsedCredential.TryParse(jwt, out var credential, out _));
        Assert.Equal(CredentialProfile.Vc20BitstringStatusList, credential!.Profile);
        Assert.Equal(["VerifiableCredential", ConformanceCertificateIssuer.CredentialType], credential.Types);
        Assert.Equal("vc+jwt", credential.Jws.Type);
    }

    [Fact]
    public async Task Tampered_Claims_FailTheSignature()
    {
        var jwt = await IssueAsync();
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        payload["credentialSubject"]!["profiles"] = new JsonArray("dsp", "dcp", "policy", "robustness");
        var tampered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var verified = await Verifier(Now).VerifyAsync(tampered, null, CancellationToken.None);

        Assert.False(verified.Valid);
        Assert.Contains("InvalidSignature", verified.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_SignedByAnotherKeyThanTheIssuers_IsRefused()
    {
        using var impostor = SigningKey.Generate(JwsAlgorithms.ES256);
        var issuer = LocalIdentities.ForDidKey(_key).Signer;
        var forged = ConformanceCertificateIssuer.Issue(await ClaimsAsync(), new DidSigner(issuer.Did, issuer.KeyId, impostor), new FixedTime(Now));

        var verified = await Verifier(Now).VerifyAsync(forged, null, CancellationToken.None);

        Assert.False(verified.Valid);
        Assert.Contains("signature", verified.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "valid only from")]
    [InlineData(366, "expired at")]
    public async Task Certificate_OutsideItsValidityPeriod_IsRefused(int daysAfterIssue, string reason)
    {
        var verified = await Verifier(Now.AddDays(daysAfterIssue)).VerifyAsync(await IssueAsync(), null, CancellationToken.None);
        Assert.False(verified.Valid);
        Assert.Contains(reason, verified.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_ForAnotherReport_IsRefusedNamingBothDigests()
    {
        var jwt = await IssueAsync();
        var other = ConformanceReportWriter.Digest(SampleRuns.Fixed());

        var verified = await Verifier(Now).VerifyAsync(jwt, other, CancellationToken.None);

        Assert.False(verified.Valid);
        Assert.Contains(other, verified.Reason, StringComparison.Ordinal);
        Assert.Contains(verified.Claims!.ReportDigest, verified.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherCredentials_AndGarbage_AreNotCertificates()
    {
        var signer = LocalIdentities.ForDidKey(_key).Signer;
        var membership = JwtCredentials.Issue(
            new CredentialDraft { Types = ["MembershipCredential"], SubjectDid = ConnectorDid, ValidFrom = Now }, signer, CredentialProfile.Vc20BitstringStatusList);

        var notCertificate = await Verifier(Now).VerifyAsync(membership, null, CancellationToken.None);
        var garbage = await Verifier(Now).VerifyAsync("not a jwt", null, CancellationToken.None);

        Assert.False(notCertificate.Valid);
        Assert.Contains(ConformanceCertificateIssuer.CredentialType, notCertificate.Reason, StringComparison.Ordinal);
        Assert.False(garbage.Valid);
        Assert.StartsWith("not a verifiable credential JWT", garbage.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimsFor_RefusesARunThatIsNotAFullPass()
    {
        var failed = await SampleRuns.MixedAsync();
        var error = Assert.Throws<InvalidOperationException>(() => ConformanceCertificateIssuer.ClaimsFor(failed, ConnectorDid, Catalog));
        Assert.Contains("CAT:01-01, ROB:01", error.Message, StringComparison.Ordinal);

        var partial = await SampleRuns.RunAsync(Passing("CN:01-01"));
        error = Assert.Throws<InvalidOperationException>(() => ConformanceCertificateIssuer.ClaimsFor(partial, ConnectorDid, Catalog));
        Assert.Contains("every check of profile 'dsp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CN:01-02", error.Message, StringComparison.Ordinal);

        var full = await FullPassAsync();
        error = Assert.Throws<InvalidOperationException>(() => ConformanceCertificateIssuer.ClaimsFor(full, "connector-1", Catalog));
        Assert.Contains("not a DID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidWebIssuer_IsResolvedOverHttpOnlyWhenLoopbackHttpIsAllowed()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        await using var app = builder.Build();
        LocalIdentity? identity = null;
        app.MapGet("/.well-known/did.json", () => Results.Text(identity!.Document.ToJson().ToJsonString(), "application/did+json"));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        identity = LocalIdentities.ForDidWeb($"did:web:127.0.0.1%3A{port}", "certifier-key", _key, [], []);
        var jwt = ConformanceCertificateIssuer.Issue(await ClaimsAsync(), identity.Signer, new FixedTime(Now));

        var allowed = await ConformanceCertificateVerifier.Create(_http, new FixedTime(Now), allowHttpForLoopback: true).VerifyAsync(jwt, null, CancellationToken.None);
        var refused = await ConformanceCertificateVerifier.Create(_http, new FixedTime(Now), allowHttpForLoopback: false).VerifyAsync(jwt, null, CancellationToken.None);

        Assert.True(allowed.Valid, allowed.Reason);
        Assert.Equal(identity.Did, allowed.Issuer);
        Assert.False(refused.Valid);
        Assert.Contains("UnknownDid", refused.Reason, StringComparison.Ordinal);
    }

    private static ConformanceCheck[] Catalog { get; } = [Passing("CN:01-01"), Passing("CN:01-02"), Passing("ROB:01", ConformanceProfiles.Robustness)];

    private static SampleCheck Passing(string id, string profile = ConformanceProfiles.Dsp) => new(id, profile, _ => Task.CompletedTask);

    private static Task<ConformanceRunResult> FullPassAsync() => SampleRuns.RunAsync(Passing("CN:01-01"), Passing("CN:01-02"));

    private static async Task<ConformanceCertificateClaims> ClaimsAsync() => ConformanceCertificateIssuer.ClaimsFor(await FullPassAsync(), ConnectorDid, Catalog);

    private async Task<string> IssueAsync() =>
        ConformanceCertificateIssuer.Issue(await ClaimsAsync(), LocalIdentities.ForDidKey(_key).Signer, new FixedTime(Now));

    private ConformanceCertificateVerifier Verifier(DateTimeOffset at) => ConformanceCertificateVerifier.Create(_http, new FixedTime(at), allowHttpForLoopback: false);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
