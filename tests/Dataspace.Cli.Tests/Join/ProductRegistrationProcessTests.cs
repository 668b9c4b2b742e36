using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Identity.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// Data-product registration (数据产品登记) end to end with real processes: a member registers an asset with the
/// authority it joined, the record verifies with an independent JWT library, the provider's catalog carries it, another
/// member's crawler indexes the dataset as registered and ignores forged records, and revoking the registration makes
/// the dataset unregistered at the next crawl.
/// </summary>
public sealed class ProductRegistrationProcessTests : IDisposable
{
    private const string RecordProperty = "https://w3id.org/dataspace-connector/v1/registration#registrationRecord";
    private const string Policy = """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use"}]}""";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("product-registration-");
    private readonly HttpClient _http = new();
    private readonly MemberConnectors _members;
    private readonly HashSet<string> _policies = [];

    public ProductRegistrationProcessTests() => _members = new MemberConnectors(_temp.FullName);

    public void Dispose()
    {
        _http.Dispose();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task RegisteredProduct_IsSignedCarriedIndexedAsRegistered_ForgeriesIgnored_RevocationUnregisters()
    {
        await using var authority = await AuthorityProcess.StartAsync(Path.Combine(_temp.FullName, "authority"));
        await using var provider = await _members.StartAsync("provider", shortCaches: true);
        await using var consumer = await _members.StartAsync("consumer", shortCaches: true);

        // Before joining, there is no registration centre to register with.
        await PublishAsync(provider, "rain", "Daily rainfall");
        var (early, _, earlyError) = await _members.ClientAsync(provider, Register("rain", "important"));
        Assert.True(early != 0);
        Assert.Contains("not joined", earlyError, StringComparison.Ordinal);

        foreach (var (connector, name) in new[] { (provider, "Provider Ltd"), (consumer, "Consumer Ltd") })
        {
            var (exit, output, error) = await _members.ClientAsync(connector, "join", "--authority", authority.Url, "--name", name, "--uscc", "91350100M000100Y43",
                "--contact-email", "ops@example.com", "--wait", "--timeout", "90");
            Assert.True(exit == 0, $"join exited {exit}: {output}{error}\nauthority:\n{authority.Output}\n{connector.Output}");
        }

        var providerDid = await _members.DidAsync(provider);

        // Invalid metadata and unknown assets are refused with the reason.
        var (badLevel, _, badLevelError) = await _members.ClientAsync(provider, Register("rain", "secret"));
        Assert.True(badLevel != 0);
        Assert.Contains("core, important, general", badLevelError, StringComparison.Ordinal);
        var (unknown, _, unknownError) = await _members.ClientAsync(provider, Register("no-such-asset", "general"));
        Assert.True(unknown != 0);
        Assert.Contains("no asset 'no-such-asset'", unknownError, StringComparison.Ordinal);

        var (registered, registeredOutput, registeredError) = await _members.ClientAsync(provider, [.. Register("rain", "important"), "--json"]);
        Assert.True(registered == 0, $"{registeredOutput}{registeredError}\n{authority.Output}\n{provider.Output}");
        var registration = JsonNode.Parse(registeredOutput)!;
        var number = registration["registrationNumber"]!.GetValue<string>();
        var record = registration["credential"]!.GetValue<string>();
        Assert.StartsWith("DPR-", number, StringComparison.Ordinal);
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/DAILY", registration["updateFrequency"]!.GetValue<string>());

        // The record verifies with an independent JWT library against the key in the authority's DID document.
        var claims = await VerifyIndependentlyAsync(authority, record);
        Assert.Contains("DataProductRegistrationCredential", claims["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        var subject = claims["credentialSubject"]!;
        Assert.Equal(providerDid, subject["id"]!.GetValue<string>());
        Assert.Equal("rain", subject["dataset"]!.GetValue<string>());
        Assert.Equal(number, subject["registrationNumber"]!.GetValue<string>());
        Assert.Equal("important", subject["classification"]!.GetValue<string>());
        Assert.Equal("Provider Ltd", subject["owner"]!.GetValue<string>());
        Assert.Equal("BitstringStatusListEntry", claims["credentialStatus"]!["type"]!.GetValue<string>());

        // The operator sees it.
        var (listed, listOutput, listError) = await authority.OperatorAsync("authority", "products", "list");
        Assert.True(listed == 0, listError);
        Assert.Contains(number, listOutput, StringComparison.Ordinal);
        Assert.Contains("registered", listOutput, StringComparison.Ordinal);

        // Forgeries beside it: the genuine record on another dataset (subject swapped), and a record for a third
        // dataset re-signed with another key under the authority's key id.
        var forged = ReSignedWithAnotherKey(record, "forged");
        await PublishAsync(provider, "stolen", "Rainfall again", RecordProperty + "=" + record);
        await PublishAsync(provider, "forged", "Forged rainfall", RecordProperty + "=" + forged);

        // The provider's DSP catalog carries the record and the plain metadata.
        var (catalogExit, catalog, catalogError) = await _members.ClientAsync(consumer, "catalog", "--from", providerDid, "--json");
        Assert.True(catalogExit == 0, catalogError);
        Assert.Contains(record, catalog, StringComparison.Ordinal);
        Assert.Contains(number, catalog, StringComparison.Ordinal);
        Assert.Contains("frequency/DAILY", catalog, StringComparison.Ordinal);

        var (_, found, crawlReport) = await _members.ClientAsync(consumer, "search", "rainfall", "--refresh", "--json");
        var hits = JsonNode.Parse(found)!["items"]!.AsArray();
        var rain = hits.Single(h => h!["datasetId"]!.GetValue<string>() == "rain")!;
        Assert.True(rain["registered"]!.GetValue<bool>(), found);
        Assert.Equal(number, rain["registrationNumber"]!.GetValue<string>());
        Assert.Equal("important", rain["classification"]!.GetValue<string>());
        foreach (var id in new[] { "stolen", "forged" })
        {
            var hit = hits.Single(h => h!["datasetId"]!.GetValue<string>() == id)!;
            Assert.False(hit["registered"]!.GetValue<bool>(), found);
            Assert.Null(hit["registrationNumber"]);
        }

        Assert.Contains("registration record of stolen", crawlReport, StringComparison.Ordinal);
        Assert.Contains("registers dataset 'rain', not 'stolen'", crawlReport, StringComparison.Ordinal);
        Assert.Contains("registration record of forged", crawlReport, StringComparison.Ordinal);

        var (_, onlyRegistered, _) = await _members.ClientAsync(consumer, "search", "", "--registered", "--json");
        Assert.Equal(["rain"], JsonNode.Parse(onlyRegistered)!["items"]!.AsArray().Select(h => h!["datasetId"]!.GetValue<string>()));

        var (revoked, revokeOutput, revokeError) = await authority.OperatorAsync("authority", "products", "revoke", number);
        Assert.True(revoked == 0, revokeOutput + revokeError);
        Assert.Contains("revoked in the status list", revokeOutput, StringComparison.Ordinal);

        // The consumer caches status lists for 1 s here (MemberConnectors.StartAsync with shortCaches): wait that out. The catalog itself is unchanged.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (_, afterSearch, afterReport) = await _members.ClientAsync(consumer, "search", "", "--refresh", "--registered", "--json");
        Assert.Empty(JsonNode.Parse(afterSearch)!["items"]!.AsArray());
        Assert.Contains("registration record of rain", afterReport, StringComparison.Ordinal);
        Assert.Contains("revoked", afterReport, StringComparison.Ordinal);
    }

    private static string[] Register(string asset, string classification) =>
        ["products", "register", "--asset", asset, "--classification", classification, "--owner", "Provider Ltd", "--source", "Rain gauges of the provider",
            "--frequency", "DAILY", "--legal-basis", "Data Security Law of the PRC, art. 21"];

    private async Task<JsonNode> VerifyIndependentlyAsync(AuthorityProcess authority, string jwt)
    {
        var document = JsonNode.Parse(await _http.GetStringAsync(authority.Url + "/.well-known/did.json"))!;
        var method = document["verificationMethod"]!.AsArray()[0]!;
        var jwk = method["publicKeyJwk"]!;
        var key = new JsonWebKey { Kty = "EC", Crv = jwk["crv"]!.GetValue<string>(), X = jwk["x"]!.GetValue<string>(), Y = jwk["y"]!.GetValue<string>(), KeyId = method["id"]!.GetValue<string>() };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = authority.Did,
            ValidateAudience = false,
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(method["id"]!.GetValue<string>(), ((JsonWebToken)result.SecurityToken).Kid);
        return JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])))!;
    }

    // The genuine record's payload, about another dataset, signed by a key that is not the authority's but naming the authority's key.
    private static string ReSignedWithAnotherKey(string record, string dataset)
    {
        Assert.True(CompactJws.TryParse(record, out var jws, out var reason), reason);
        var payload = JsonNode.Parse(jws.Payload.GetRawText())!;
        payload["credentialSubject"]!["dataset"] = dataset;
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var credentials = new SigningCredentials(new ECDsaSecurityKey(other) { KeyId = jws.KeyId }, SecurityAlgorithms.EcdsaSha256);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = "vc+jwt" });
    }

    private async Task PublishAsync(ConnectorProcess connector, string id, string title, string? extraProperty = null)
    {
        var name = _members.Name(connector);
        var files = Path.Combine(_temp.FullName, name, "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        await File.WriteAllTextAsync(Path.Combine(files, id + ".csv"), "day,value\n2026-12-01,1\n");
        var policy = Path.Combine(_temp.FullName, name + "-policy.json");
        await File.WriteAllTextAsync(policy, Policy);
        List<string[]> commands = _policies.Add(name) ? [["policies", "create", "--id", "open", "--file", policy]] : [];
        commands.Add(extraProperty is null
            ? ["assets", "create", "--id", id, "--address", $"path={id}.csv", "--property", $"title={title}"]
            : ["assets", "create", "--id", id, "--address", $"path={id}.csv", "--property", $"title={title}", "--property", extraProperty]);
        commands.Add(["offers", "create", "--id", id + "-offer", "--asset", id, "--access-policy", "open", "--contract-policy", "open"]);
        foreach (var command in commands)
        {
            var (exit, output, error) = await _members.ClientAsync(connector, command);
            Assert.True(exit == 0, $"{string.Join(' ', command)}: {output}{error}");
        }
    }
}
