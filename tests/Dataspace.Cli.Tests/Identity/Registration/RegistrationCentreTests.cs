using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Testing;
using Dataspace.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Registry;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Trust;

namespace Dataspace.Cli.Tests.Identity.Registration;

/// <summary>The registration centre of <c>dataspace authority serve</c> over real HTTP, with members on their own ports.</summary>
public sealed class RegistrationCentreTests : IAsyncLifetime, IDisposable
{
    private const string ValidUscc = "91330100716105852F";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-registration-");
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private Task<int>? _serving;
    private StringWriter _serveError = new();
    private string _data = "";
    private string _secret = "";

    private string AuthorityDid { get; set; } = "";

    private Uri AuthorityUrl { get; set; } = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_serving is not null)
        {
            await _serving;
        }
    }

    // xUnit calls this after DisposeAsync, once serve has stopped.
    public void Dispose()
    {
        _stop.Dispose();
        _http.Dispose();
        _serveError.Dispose();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task AutoApproval_IssuesOverDcp_PublishesTheMember_RevocationMarksItRevoked()
    {
        await StartAuthorityAsync("--approve", "auto");
        await using var member = await TestMember.StartAsync();

        using var applied = await PostAsync("/registration/applications", Application(member, subspaces: ["finance"]), member.Token(AuthorityDid));
        var application = await JsonAsync(applied, HttpStatusCode.Created);
        Assert.Equal("approved", application["status"]!.GetValue<string>());
        Assert.Equal(["MembershipCredential", "SubspaceCredential"], application["credentialTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("/registration/applications/" + application["id"], applied.Headers.Location!.OriginalString);

        // Applying again answers the same application.
        using var again = await PostAsync("/registration/applications", Application(member, subspaces: ["finance"]), member.Token(AuthorityDid));
        Assert.Equal(application["id"]!.GetValue<string>(), (await JsonAsync(again, HttpStatusCode.OK))["id"]!.GetValue<string>());

        var metadata = JsonNode.Parse(await _http.GetStringAsync(new Uri(AuthorityUrl, "/issuance/metadata")))!;
        Assert.Equal(AuthorityDid, metadata["credentialIssuer"]!.GetValue<string>());
        Assert.Equal(["MembershipCredential", "SubspaceCredential"], metadata["credentialsSupported"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));

        using var requested = await PostAsync("/issuance/credentials", CredentialRequest("holder-1", "MembershipCredential", "SubspaceCredential"), member.Token(AuthorityDid));
        await JsonAsync(requested, HttpStatusCode.Created);
        var status = await WaitForStatusAsync(requested.Headers.Location!.OriginalString, member, "ISSUED");
        Assert.Equal("holder-1", status["holderPid"]!.GetValue<string>());

        var (authorization, message) = Assert.Single(member.Received);
        Assert.Equal("CredentialMessage", message["type"]!.GetValue<string>());
        Assert.Equal("holder-1", message["holderPid"]!.GetValue<string>());
        Assert.Equal("ISSUED", message["status"]!.GetValue<string>());
        Assert.True(CompactJws.TryParse(authorization!["Bearer ".Length..], out var token, out _));
        Assert.Equal(AuthorityDid, token.GetString("iss"));
        Assert.Equal([member.Did], token.GetAudience());
        var credentials = message["credentials"]!.AsArray();
        Assert.Equal(["MembershipCredential", "SubspaceCredential"], credentials.Select(c => c!["credentialType"]!.GetValue<string>()));
        var subspace = ParsedSubject(credentials[1]!["payload"]!.GetValue<string>());
        Assert.Equal(member.Did, subspace["id"]!.GetValue<string>());
        Assert.Equal("finance", subspace["subspace"]!.GetValue<string>());

        var registry = RegistryClient();
        var listed = await registry.ReadAllAsync(AuthorityUrl, CancellationToken.None);
        Assert.True(listed.Complete, listed.Error);
        var entry = Assert.Single(listed.Accepted);
        Assert.Equal((member.Did, "Alibaba (China) Co., Ltd.", member.DspEndpoint), (entry.Did, entry.Name, entry.DspEndpoint));
        Assert.Equal(["finance"], entry.Subspaces);

        var (exit, output, error) = await Cli.RunAsync("authority", "members", "revoke", member.Did, "--data-dir", _data, "--secret-file", _secret);
        Assert.True(exit == 0, error);
        Assert.Contains("2 credentials revoked", output, StringComparison.Ordinal);

        // Both credentials are revoked in the status list verifiers fetch.
        var list = Payload((await _http.GetStringAsync(new Uri(AuthorityUrl, "/status/vc20"))).Trim().Trim('"'));
        Assert.True(StatusBitstring.TryDecode(list["credentialSubject"]!["encodedList"]!.GetValue<string>(), out var bits, out var why), why);
        foreach (var credential in credentials)
        {
            var credentialStatus = Payload(credential!["payload"]!.GetValue<string>())["credentialStatus"]!;
            var statusEntry = credentialStatus is JsonArray entries ? entries[0]! : credentialStatus;
            Assert.True(bits.Get(int.Parse(statusEntry["statusListIndex"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
        }

        var afterRevocation = await registry.FindAsync(AuthorityUrl, member.Did, CancellationToken.None);
        Assert.Empty(afterRevocation.Accepted);
        Assert.Equal("the member is revoked", Assert.Single(afterRevocation.Skipped).Reason);
        using var refused = await PostAsync("/issuance/credentials", CredentialRequest("holder-2", "MembershipCredential"), member.Token(AuthorityDid));
        Assert.Equal("not-allowed", (await JsonAsync(refused, HttpStatusCode.Forbidden))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task CredentialServiceOnAnInternalAddress_IsNeverContacted_TheRequestIsRejected()
    {
        // An applicant naming the cloud metadata service as its Credential Service: the authority must not post there.
        await StartAuthorityAsync("--approve", "auto", "--delivery-attempts", "1");
        await using var member = await TestMember.StartAsync(new Uri("http://169.254.169.254/api/identity"));
        using var applied = await PostAsync("/registration/applications", Application(member, subspaces: []), member.Token(AuthorityDid));
        Assert.Equal("approved", (await JsonAsync(applied, HttpStatusCode.Created))["status"]!.GetValue<string>());

        using var requested = await PostAsync("/issuance/credentials", CredentialRequest("holder-egress", "MembershipCredential"), member.Token(AuthorityDid));
        await JsonAsync(requested, HttpStatusCode.Created);
        var rejected = await WaitForStatusAsync(requested.Headers.Location!.OriginalString, member, "REJECTED");
        var reason = rejected["rejectionReason"]!.GetValue<string>();
        Assert.Contains("169.254.169.254", reason, StringComparison.Ordinal);
        Assert.Contains("egress", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(member.Received);
    }

    [Fact]
    public async Task HostileAndInvalidRequests_AreRefusedWithClearErrors()
    {
        await StartAuthorityAsync("--approve", "auto");
        await using var member = await TestMember.StartAsync();
        await using var other = await TestMember.StartAsync();
        var body = Application(member, subspaces: []);

        await AssertErrorAsync(await PostAsync("/registration/applications", body, token: null), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertErrorAsync(await PostAsync("/registration/applications", body, member.Token("did:web:another-authority.example")), HttpStatusCode.Unauthorized, "unauthorized");
        var once = member.Token(AuthorityDid);
        await AssertErrorAsync(await PostAsync("/registration/applications", Application(member, registrationId: "91330100716105852G"), once), HttpStatusCode.BadRequest, "invalid-registration-id");
        await AssertErrorAsync(await PostAsync("/registration/applications", body, once), HttpStatusCode.Unauthorized, "unauthorized"); // replayed token
        await AssertErrorAsync(await PostAsync("/registration/applications", Application(other), member.Token(AuthorityDid)), HttpStatusCode.Forbidden, "did-mismatch");
        await AssertErrorAsync(await PostAsync("/registration/applications", Application(member, endpoint: other.DspEndpoint), member.Token(AuthorityDid)), HttpStatusCode.BadRequest, "invalid-endpoint");
        var huge = new JsonObject { ["did"] = member.Did, ["legalName"] = new string('x', 70_000) };
        await AssertErrorAsync(await PostAsync("/registration/applications", huge, member.Token(AuthorityDid)), HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        using (var notJson = new HttpRequestMessage(HttpMethod.Post, new Uri(AuthorityUrl, "/registration/applications")) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") })
        {
            notJson.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.Token(AuthorityDid));
            await AssertErrorAsync(await _http.SendAsync(notJson), HttpStatusCode.BadRequest, "invalid-json");
        }

        await AssertErrorAsync(await PostAsync("/issuance/credentials", CredentialRequest("h", "MembershipCredential"), member.Token(AuthorityDid)), HttpStatusCode.Forbidden, "not-allowed");

        using var applied = await PostAsync("/registration/applications", body, member.Token(AuthorityDid));
        var id = (await JsonAsync(applied, HttpStatusCode.Created))["id"]!.GetValue<string>();
        await AssertErrorAsync(await GetAsync("/registration/applications/" + id, other.Token(AuthorityDid)), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/registration/applications/" + id, member.Token(AuthorityDid))).StatusCode);
        await AssertErrorAsync(await PostAsync("/issuance/credentials", CredentialRequest("h", "SubspaceCredential"), member.Token(AuthorityDid)), HttpStatusCode.Forbidden, "not-allowed");
        await AssertErrorAsync(await PostAsync("/issuance/credentials", CredentialRequest("h", "AdminCredential"), member.Token(AuthorityDid)), HttpStatusCode.BadRequest, "invalid-request");
        await AssertErrorAsync(await GetAsync("/registry/participants?limit=0", null), HttpStatusCode.BadRequest, "invalid-request");
        await AssertErrorAsync(await GetAsync("/registry/participants?cursor=%%%", null), HttpStatusCode.BadRequest, "invalid-request");
        await AssertErrorAsync(await GetAsync("/registry/participants/" + Uri.EscapeDataString(other.Did), null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ManualApproval_ByTheOperator_RegistryPages_DeliveryRetriesAndGivesUp()
    {
        await StartAuthorityAsync("--approve", "manual", "--delivery-attempts", "2");
        await using var first = await TestMember.StartAsync();
        await using var second = await TestMember.StartAsync();
        await using var third = await TestMember.StartAsync();
        var ids = new Dictionary<string, string>();
        foreach (var member in new[] { first, second, third })
        {
            using var applied = await PostAsync("/registration/applications", Application(member), member.Token(AuthorityDid));
            var application = await JsonAsync(applied, HttpStatusCode.Created);
            Assert.Equal("pending", application["status"]!.GetValue<string>());
            Assert.Empty(application["credentialTypes"]!.AsArray());
            ids[member.Did] = application["id"]!.GetValue<string>();
        }

        var (listExit, listed, listError) = await Cli.RunAsync("authority", "applications", "list", "--status", "pending", "--json", "--data-dir", _data);
        Assert.True(listExit == 0, listError);
        Assert.Equal(3, JsonNode.Parse(listed)!.AsArray().Count);
        Assert.Equal(0, (await Cli.RunAsync("authority", "applications", "approve", ids[first.Did], "--data-dir", _data)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("authority", "applications", "approve", ids[second.Did], "--data-dir", _data)).ExitCode);
        var (rejectExit, _, _) = await Cli.RunAsync("authority", "applications", "reject", ids[third.Did], "--reason", "unknown company", "--data-dir", _data);
        Assert.Equal(0, rejectExit);
        var (againExit, _, againError) = await Cli.RunAsync("authority", "applications", "approve", ids[third.Did], "--data-dir", _data);
        Assert.Equal(1, againExit);
        Assert.Contains("is rejected, not pending", againError, StringComparison.Ordinal);
        var rejected = await JsonAsync(await GetAsync("/registration/applications/" + ids[third.Did], third.Token(AuthorityDid)), HttpStatusCode.OK);
        Assert.Equal(("rejected", "unknown company"), (rejected["status"]!.GetValue<string>(), rejected["reason"]!.GetValue<string>()));

        // A page of one: the registry links the next page, and the reader follows it.
        var page = JsonNode.Parse(await _http.GetStringAsync(new Uri(AuthorityUrl, "/registry/participants?limit=1")))!;
        Assert.Single(page["participants"]!.AsArray());
        Assert.StartsWith(AuthorityUrl.AbsoluteUri.TrimEnd('/') + "/registry/participants?", page["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var read = await RegistryClient().ReadAllAsync(new Uri(AuthorityUrl, "/registry/participants?limit=1"), CancellationToken.None);
        Assert.Equal(new[] { first.Did, second.Did }.Order(StringComparer.Ordinal), read.Accepted.Select(e => e.Did));

        // The first holder is down once, then up: delivered on the retry. The second stays down: rejected after 2 attempts.
        first.FailFirst = 1;
        second.FailFirst = int.MaxValue;
        using var firstRequest = await PostAsync("/issuance/credentials", CredentialRequest("a", "MembershipCredential"), first.Token(AuthorityDid));
        using var secondRequest = await PostAsync("/issuance/credentials", CredentialRequest("b", "MembershipCredential"), second.Token(AuthorityDid));
        await WaitForStatusAsync(firstRequest.Headers.Location!.OriginalString, first, "ISSUED");
        var gaveUp = await WaitForStatusAsync(secondRequest.Headers.Location!.OriginalString, second, "REJECTED");
        Assert.Contains("could not be delivered in 2 attempts", gaveUp["rejectionReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(first.Received);
        Assert.Empty(second.Received);
        await AssertErrorAsync(await GetAsync(firstRequest.Headers.Location!.OriginalString, second.Token(AuthorityDid)), HttpStatusCode.NotFound, "not-found");
    }

    private async Task StartAuthorityAsync(params string[] serveOptions)
    {
        var port = FreePort();
        _data = Path.Combine(_root.FullName, "authority");
        _secret = Path.Combine(_root.FullName, "secret");
        await File.WriteAllTextAsync(_secret, "cli-registration-secret");
        AuthorityDid = $"did:web:127.0.0.1%3A{port}";
        AuthorityUrl = new Uri($"http://127.0.0.1:{port}");
        var (initExit, _, initError) = await Cli.RunAsync("authority", "init", "--did", AuthorityDid, "--public-url", AuthorityUrl.AbsoluteUri, "--data-dir", _data, "--secret-file", _secret);
        Assert.True(initExit == 0, initError);
        _serveError = new StringWriter();
        var parse = CliApplication.BuildRootCommand().Parse(["authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", _data, "--secret-file", _secret, "--allow-http-loopback", .. serveOptions]);
        _serving = parse.InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = _serveError }, _stop.Token);
        for (var attempt = 0; attempt < 100 && !_serving.IsCompleted; attempt++)
        {
            try
            {
                await _http.GetStringAsync(new Uri(AuthorityUrl, "/.well-known/did.json"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail($"serve did not answer: {_serveError}");
    }

    private ParticipantRegistryClient RegistryClient()
    {
        var resolver = new DidResolverRegistry([new DidKeyResolver(), new DidWebResolver(_http, new DidWebOptions { AllowHttpForLoopback = true })], TimeProvider.System, TimeSpan.Zero);
        var anchors = TrustAnchorFile.LoadAsync(Path.Combine(_data, "trust-anchors.json"), CancellationToken.None).GetAwaiter().GetResult();
        return new ParticipantRegistryClient(_http, new DidJwsVerifier(resolver), resolver, new StaticTrustAnchorProvider(anchors), TimeProvider.System, new IdentityOptions());
    }

    private static JsonObject Application(TestMember member, string registrationId = ValidUscc, string? endpoint = null, string[]? subspaces = null) => new()
    {
        ["did"] = member.Did,
        ["legalName"] = "Alibaba (China) Co., Ltd.",
        ["registrationId"] = new JsonObject { ["scheme"] = "USCC", ["value"] = registrationId },
        ["contact"] = new JsonObject { ["name"] = "Data Office", ["email"] = "data@example.com" },
        ["subspaces"] = new JsonArray([.. (subspaces ?? ["finance"]).Select(s => (JsonNode?)JsonValue.Create(s))]),
        ["dspEndpoint"] = endpoint ?? member.DspEndpoint,
    };

    private static JsonObject CredentialRequest(string holderPid, params string[] ids) => new()
    {
        ["@context"] = new JsonArray("https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"),
        ["type"] = "CredentialRequestMessage",
        ["holderPid"] = holderPid,
        ["credentials"] = new JsonArray([.. ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id })]),
    };

    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AuthorityUrl, path)) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AuthorityUrl, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private async Task<JsonNode> WaitForStatusAsync(string location, TestMember member, string expected)
    {
        JsonNode? status = null;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            status = await JsonAsync(await GetAsync(location, member.Token(AuthorityDid)), HttpStatusCode.OK);
            if (status["status"]!.GetValue<string>() == expected)
            {
                return status;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the request did not become {expected}: {status}; {_serveError}");
        return null!;
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        using (response)
        {
            var json = await JsonAsync(response, status);
            Assert.Equal(error, json["error"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(json["reason"]!.GetValue<string>()));
        }
    }

    private static JsonNode ParsedSubject(string jwt) => Payload(jwt)["credentialSubject"]!;

    // The credential of a JWT VC: the payload (VC 2.0) or its 'vc' claim (VC 1.1).
    private static JsonNode Payload(string jwt)
    {
        Assert.True(CompactJws.TryParse(jwt, out var jws, out var reason), reason);
        var payload = JsonNode.Parse(jws.Payload.GetRawText())!;
        return payload["vc"] ?? payload;
    }

    private static int FreePort() => LoopbackPorts.Next();
}
