using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Join;

namespace Dataspace.Cli.Tests.Identity.Registration;

/// <summary>The registration centre's data-product registration (<c>POST /registration/products</c>) against a real <c>authority serve</c>: who may register what.</summary>
public sealed class ProductRegistrationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-products-");
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task OnlyApprovedMembers_RegisterTheirOwnDatasets_WithValidMetadata_SupersedingAndRevocation()
    {
        await using var authority = await AuthorityProcess.StartAsync(_root.FullName);
        await using var member = await TestMember.StartAsync();
        await using var other = await TestMember.StartAsync();

        // Not a member: refused before anything is read into the store.
        await AssertErrorAsync(await PostAsync(authority, "/registration/products", Product(member), member.Token(authority.Did)), HttpStatusCode.Forbidden, "not-a-member");
        await AssertErrorAsync(await PostAsync(authority, "/registration/products", Product(member), null), HttpStatusCode.Unauthorized, "unauthorized");

        foreach (var applicant in new[] { member, other })
        {
            using var applied = await PostAsync(authority, "/registration/applications", Application(applicant), applicant.Token(authority.Did));
            Assert.Equal("approved", (await JsonAsync(applied, HttpStatusCode.Created))["status"]!.GetValue<string>());
        }

        // Someone else's dataset: offered at another member's DSP endpoint.
        var stolen = Product(member);
        stolen["dspEndpoint"] = other.DspEndpoint;
        var reason = await AssertErrorAsync(await PostAsync(authority, "/registration/products", stolen, member.Token(authority.Did)), HttpStatusCode.Forbidden, "not-your-dataset");
        Assert.Contains(other.DspEndpoint, reason, StringComparison.Ordinal);

        var badLevel = Product(member);
        badLevel["classification"] = "top-secret";
        Assert.Contains("core, important, general", await AssertErrorAsync(await PostAsync(authority, "/registration/products", badLevel, member.Token(authority.Did)), HttpStatusCode.BadRequest, "invalid-classification"), StringComparison.Ordinal);
        var badFrequency = Product(member);
        badFrequency["updateFrequency"] = "sometimes";
        await AssertErrorAsync(await PostAsync(authority, "/registration/products", badFrequency, member.Token(authority.Did)), HttpStatusCode.BadRequest, "invalid-frequency");
        var noOwner = Product(member);
        noOwner.Remove("owner");
        await AssertErrorAsync(await PostAsync(authority, "/registration/products", noOwner, member.Token(authority.Did)), HttpStatusCode.BadRequest, "invalid-owner");

        using var created = await PostAsync(authority, "/registration/products", Product(member), member.Token(authority.Did));
        var first = await JsonAsync(created, HttpStatusCode.Created);
        var number = first["registrationNumber"]!.GetValue<string>();
        Assert.Equal("/registration/products/" + number, created.Headers.Location!.OriginalString);
        Assert.Equal(("registered", member.Did, "weather", "general"), (first["status"]!.GetValue<string>(), first["provider"]!.GetValue<string>(), first["datasetId"]!.GetValue<string>(), first["classification"]!.GetValue<string>()));
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/WEEKLY", first["updateFrequency"]!.GetValue<string>());

        // Only the provider reads its registration.
        await JsonAsync(await GetAsync(authority, "/registration/products/" + number, member.Token(authority.Did)), HttpStatusCode.OK);
        await AssertErrorAsync(await GetAsync(authority, "/registration/products/" + number, other.Token(authority.Did)), HttpStatusCode.NotFound, "not-found");

        // Registering the dataset again supersedes the first registration (its record is revoked).
        var again = await JsonAsync(await PostAsync(authority, "/registration/products", Product(member), member.Token(authority.Did)), HttpStatusCode.Created);
        Assert.NotEqual(number, again["registrationNumber"]!.GetValue<string>());
        Assert.Equal("superseded", (await JsonAsync(await GetAsync(authority, "/registration/products/" + number, member.Token(authority.Did)), HttpStatusCode.OK))["status"]!.GetValue<string>());
        var (listed, list, listError) = await authority.OperatorAsync("authority", "products", "list", "--status", "registered", "--json");
        Assert.True(listed == 0, listError);
        Assert.Equal([again["registrationNumber"]!.GetValue<string>()], JsonNode.Parse(list)!.AsArray().Select(p => p!["registrationNumber"]!.GetValue<string>()));

        var (revokedExit, revokedOutput, revokedError) = await authority.OperatorAsync("authority", "products", "revoke", "DPR-00000000-NOSUCH");
        Assert.NotEqual(0, revokedExit);
        Assert.Contains("no data product registration", revokedError, StringComparison.Ordinal);

        // A revoked member registers nothing; its records are revoked with it (their subject is the member).
        var (exit, output, error) = await authority.OperatorAsync("authority", "members", "revoke", member.Did);
        Assert.True(exit == 0, error);
        Assert.Contains("1 credentials revoked", output, StringComparison.Ordinal);
        await AssertErrorAsync(await PostAsync(authority, "/registration/products", Product(member), member.Token(authority.Did)), HttpStatusCode.Forbidden, "member-revoked");
        var (_, afterRevocation, _) = await authority.OperatorAsync("authority", "products", "list", "--status", "registered", "--json");
        Assert.Empty(JsonNode.Parse(afterRevocation)!.AsArray());
        _ = revokedOutput;
    }

    private static JsonObject Product(TestMember member) => new()
    {
        ["datasetId"] = "weather",
        ["dspEndpoint"] = member.DspEndpoint,
        ["owner"] = "Alibaba (China) Co., Ltd.",
        ["source"] = "Own weather stations",
        ["classification"] = "general",
        ["updateFrequency"] = "WEEKLY",
        ["legalBasis"] = "Data Security Law of the PRC",
    };

    private static JsonObject Application(TestMember member) => new()
    {
        ["did"] = member.Did,
        ["legalName"] = "Alibaba (China) Co., Ltd.",
        ["registrationId"] = new JsonObject { ["scheme"] = "USCC", ["value"] = "91330100716105852F" },
        ["contact"] = new JsonObject { ["name"] = "Data Office", ["email"] = "data@example.com" },
        ["subspaces"] = new JsonArray(),
        ["dspEndpoint"] = member.DspEndpoint,
    };

    private async Task<HttpResponseMessage> PostAsync(AuthorityProcess authority, string path, JsonObject body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, authority.Url + path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(AuthorityProcess authority, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, authority.Url + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    // The reason given with the expected error code.
    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var json = await JsonAsync(response, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
        var reason = json["reason"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        return reason;
    }
}
