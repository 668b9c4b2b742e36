using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Tests.Identity.Registration;

/// <summary>The authority's management API (<c>/api/management/v1</c>) over real HTTP, with members on their own ports.</summary>
public sealed class ApplicationManagementApiTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-management-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task WithoutOrWithAWrongKey_TheApiRefuses_401WithAReason_AndTheKeyFileIsOwnerOnly()
    {
        await using var authority = await ServedAuthority.StartAsync(_root.FullName, "--approve", "manual");

        using var missing = await authority.SendAsync(HttpMethod.Get, "/api/management/v1/applications", null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var missingJson = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Equal("unauthorized", missingJson["error"]!.GetValue<string>());
        Assert.Contains("missing X-Api-Key", missingJson["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        using var wrong = await authority.SendAsync(HttpMethod.Post, "/api/management/v1/applications/x/approve", null, null, apiKey: "not-the-key-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("does not hold this authority's management API key", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authority.KeyFile));
        }

        var ok = await authority.Management(authority.Http).ListApplicationsAsync();
        Assert.Equal(0, ok.Total);
    }

    [Fact]
    public async Task ApproveThroughTheApi_TheMemberReceivesItsCredentialsOverDcp_ListsPageAndFilter()
    {
        await using var authority = await ServedAuthority.StartAsync(_root.FullName, "--approve", "manual");
        await using var member = await TestMember.StartAsync();
        await using var other = await TestMember.StartAsync();
        var id = (await authority.ApplyAsync(member, ["finance"]))["id"]!.GetValue<string>();
        var otherId = (await authority.ApplyAsync(other, []))["id"]!.GetValue<string>();
        var api = authority.Management(authority.Http);

        var first = await api.ListApplicationsAsync("pending", offset: 0, limit: 1);
        Assert.Equal((2L, 1), (first.Total, first.Items.Count));
        Assert.Equal(id, first.Items[0].Id);
        Assert.Equal(otherId, Assert.Single((await api.ListApplicationsAsync("pending", offset: 1, limit: 1)).Items).Id);
        var details = await api.GetApplicationAsync(id);
        Assert.Equal(("Alibaba (China) Co., Ltd.", "USCC", "91330100716105852F", "data@example.com"), (details.LegalName, details.RegistrationId.Scheme, details.RegistrationId.Value, details.Contact.Email));
        Assert.Equal(["finance"], details.Subspaces);

        var approved = await api.ApproveAsync(id);
        Assert.Equal("approved", approved.Status);
        Assert.Equal(["MembershipCredential", "SubspaceCredential"], approved.CredentialTypes);
        Assert.NotNull(approved.DecidedAt);
        Assert.Equal(otherId, Assert.Single((await api.ListApplicationsAsync("pending")).Items).Id);
        var again = await Assert.ThrowsAsync<ManagementApiException>(() => api.ApproveAsync(id));
        Assert.Equal((HttpStatusCode.Conflict, "not-pending"), (again.StatusCode, again.Title));
        Assert.Contains("is approved, not pending", again.Detail, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ManagementApiException>(() => api.ApproveAsync("no-such-id"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // What approval allows the member to request is what the CLI's approval allows: credentials over DCP.
        var request = new JsonObject
        {
            ["type"] = "CredentialRequestMessage",
            ["holderPid"] = "holder-api",
            ["credentials"] = new JsonArray(new JsonObject { ["id"] = "MembershipCredential" }, new JsonObject { ["id"] = "SubspaceCredential" }),
        };
        using var requested = await authority.SendAsync(HttpMethod.Post, "/issuance/credentials", request, member.Token(authority.Did));
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        for (var attempt = 0; attempt < 150 && member.Received.IsEmpty; attempt++)
        {
            await Task.Delay(100);
        }

        var (_, message) = Assert.Single(member.Received);
        Assert.Equal(["MembershipCredential", "SubspaceCredential"], message["credentials"]!.AsArray().Select(c => c!["credentialType"]!.GetValue<string>()));

        // Revocation through the API revokes both credentials, as 'authority members revoke' does.
        var revoked = await api.RevokeMemberAsync(member.Did);
        Assert.Equal((member.Did, "revoked", 2), (revoked.Did, revoked.Status, revoked.RevokedCredentials));
        Assert.Equal("revoked", (await api.GetApplicationAsync(id)).Status);
        var notMember = await Assert.ThrowsAsync<ManagementApiException>(() => api.RevokeMemberAsync("did:web:nobody.example"));
        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
    }

    [Fact]
    public async Task RejectThroughTheApi_TheApplicantSeesTheReason_AnEmptyReasonIsRefused()
    {
        await using var authority = await ServedAuthority.StartAsync(_root.FullName, "--approve", "manual");
        await using var member = await TestMember.StartAsync();
        var id = (await authority.ApplyAsync(member, []))["id"]!.GetValue<string>();
        var api = authority.Management(authority.Http);

        var empty = await Assert.ThrowsAsync<ManagementApiException>(() => api.RejectAsync(id, "  "));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-request"), (empty.StatusCode, empty.Title));
        using var notJson = await authority.SendAsync(HttpMethod.Post, $"/api/management/v1/applications/{id}/reject", JsonValue.Create(42), null, File.ReadAllText(authority.KeyFile));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("pending", (await api.GetApplicationAsync(id)).Status);

        var rejected = await api.RejectAsync(id, "the registration id belongs to another company");
        Assert.Equal(("rejected", "the registration id belongs to another company"), (rejected.Status, rejected.Reason));
        var seen = await authority.ApplicantViewAsync(member, id);
        Assert.Equal(("rejected", "the registration id belongs to another company"), (seen["status"]!.GetValue<string>(), seen["reason"]!.GetValue<string>()));

        // The CLI sees the same decision in the same store.
        var (exit, output, error) = await Cli.RunAsync("authority", "applications", "list", "--status", "rejected", "--data-dir", authority.DataDirectory);
        Assert.True(exit == 0, error);
        Assert.Contains("reason: the registration id belongs to another company", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleBasedApproval_ApprovesWhatPassesEveryRule_LeavesTheRestPendingWithTheReasons()
    {
        await using var authority = await ServedAuthority.StartAsync(_root.FullName, "--approve", "rules", "--rule-subspaces", "finance,logistics");
        await using var passes = await TestMember.StartAsync();
        await using var otherSubspace = await TestMember.StartAsync();
        await using var otherRegistry = await TestMember.StartAsync();

        var approved = await authority.ApplyAsync(passes, ["finance"]);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Null(approved["reason"]);

        var waiting = await authority.ApplyAsync(otherSubspace, ["finance", "health"]);
        Assert.Equal("pending", waiting["status"]!.GetValue<string>());
        var reason = waiting["reason"]!.GetValue<string>();
        Assert.Contains("subspaces health are not approved by rule", reason, StringComparison.Ordinal);
        Assert.EndsWith("(allowed: finance, logistics)", reason, StringComparison.Ordinal);

        var otherScheme = await authority.ApplyAsync(otherRegistry, [], scheme: "DUNS", value: "150483782");
        Assert.Equal("pending", otherScheme["status"]!.GetValue<string>());
        Assert.Contains("DUNS is not USCC", otherScheme["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // The operator sees the reasons, and approving clears them.
        var api = authority.Management(authority.Http);
        var pending = await api.ListApplicationsAsync("pending");
        Assert.Equal(2, pending.Total);
        Assert.All(pending.Items, a => Assert.StartsWith("waiting for the operator: ", a.Reason, StringComparison.Ordinal));
        var decided = await api.ApproveAsync(waiting["id"]!.GetValue<string>());
        Assert.Equal(("approved", (string?)null), (decided.Status, decided.Reason));
    }

    [Fact]
    public async Task RuleSubspaces_WithoutRulesMode_IsRefused()
    {
        var (exit, _, error) = await Cli.RunAsync("authority", "serve", "--approve", "auto", "--rule-subspaces", "finance", "--data-dir", Path.Combine(_root.FullName, "none"));
        Assert.NotEqual(0, exit);
        Assert.Contains("--rule-subspaces needs --approve rules", error, StringComparison.Ordinal);
    }
}
