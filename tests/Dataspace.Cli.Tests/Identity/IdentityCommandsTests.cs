using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Trust;

namespace Dataspace.Cli.Tests.Identity;

/// <summary>keys, did, vc and authority commands on data folders, as an operator runs them.</summary>
public sealed class IdentityCommandsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cli-identity-");

    private string Data(string name) => Path.Combine(_root.FullName, name);

    private string SecretFile
    {
        get
        {
            var path = Path.Combine(_root.FullName, "secret");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, "cli-identity-test-secret\n");
            }

            return path;
        }
    }

    [Theory]
    [InlineData("ES256", "did:key:zDn")]
    [InlineData("EdDSA", "did:key:z6Mk")]
    public async Task KeysNew_ThenDidShow_PrintsTheDidKeyDocumentOfTheNewKey(string algorithm, string prefix)
    {
        var (exit, output, error) = await Cli.RunAsync("keys", "new", "--alg", algorithm, "--data-dir", Data("c"), "--secret-file", SecretFile);
        Assert.True(exit == 0, error);
        var key = JsonNode.Parse(output)!;
        Assert.Equal(algorithm, key["algorithm"]!.GetValue<string>());
        Assert.Null(key["publicKeyJwk"]!["d"]);

        var (showExit, shown, showError) = await Cli.RunAsync("did", "show", "--data-dir", Data("c"), "--secret-file", SecretFile);

        Assert.True(showExit == 0, showError);
        var document = JsonNode.Parse(shown)!;
        Assert.StartsWith(prefix, document["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(key["didKey"]!.GetValue<string>(), document["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_WithoutSecret_OrWithUnknownAlgorithm_FailWithOneLine()
    {
        var (noSecret, _, noSecretError) = await Cli.RunAsync("keys", "new", "--data-dir", Data("c"), "--secret-file", Path.Combine(_root.FullName, "missing"));
        var (badAlg, _, badAlgError) = await Cli.RunAsync("keys", "new", "--alg", "RS256", "--data-dir", Data("c"), "--secret-file", SecretFile);

        Assert.NotEqual(0, noSecret);
        Assert.Single(noSecretError.Trim().Split('\n'));
        Assert.Contains("does not exist", noSecretError, StringComparison.Ordinal);
        Assert.NotEqual(0, badAlg);
        Assert.Contains("expected ES256 or EdDSA", badAlgError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidResolve_DidKey_PrintsItsDocument_AndAnUnknownMethodFails()
    {
        var (_, shown, _) = await Cli.RunAsync("did", "show", "--data-dir", Data("c"), "--secret-file", SecretFile);
        var did = JsonNode.Parse(shown)!["id"]!.GetValue<string>();

        var (exit, output, error) = await Cli.RunAsync("did", "resolve", did);
        var (badExit, _, badError) = await Cli.RunAsync("did", "resolve", "did:example:123");

        Assert.True(exit == 0, error);
        Assert.Equal(did, JsonNode.Parse(output)!["id"]!.GetValue<string>());
        Assert.Equal(1, badExit);
        Assert.Contains("methodNotSupported", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authority_InitIssueRevoke_AndVcImport_IntoTheHoldersWallet()
    {
        var authority = Data("authority");
        var (initExit, initOutput, initError) = await Cli.RunAsync("authority", "init", "--did", "did:web:city.example", "--type", "MembershipCredential", "--data-dir", authority, "--secret-file", SecretFile);
        Assert.True(initExit == 0, initError);
        Assert.Contains("Authority did:web:city.example signs with did:web:city.example#key-", initOutput, StringComparison.Ordinal);
        var anchors = await TrustAnchorFile.LoadAsync(Path.Combine(authority, "trust-anchors.json"), CancellationToken.None);
        Assert.Equal(["MembershipCredential"], Assert.Single(anchors.Anchors).CredentialTypes);

        var (_, shown, _) = await Cli.RunAsync("did", "show", "--data-dir", Data("holder"), "--secret-file", SecretFile);
        var holder = JsonNode.Parse(shown)!["id"]!.GetValue<string>();
        var file = Path.Combine(_root.FullName, "membership.jwt");
        var (issueExit, issueOutput, issueError) = await Cli.RunAsync(
            "authority", "issue", "--subject", holder, "--type", "MembershipCredential", "--claim", "dataspace=city", "--claim", "level=gold",
            "--profile", CredentialProfiles.Vc11Sl2021, "--out", file, "--data-dir", authority, "--secret-file", SecretFile);
        Assert.True(issueExit == 0, issueError);
        Assert.True(ParsedCredential.TryParse((await File.ReadAllTextAsync(file)).Trim(), out var parsed, out var reason), reason);
        Assert.Equal("did:web:city.example", parsed.Issuer);
        Assert.Equal("gold", parsed.Subject.GetProperty("level").GetString());
        Assert.Contains($"to {holder}", issueOutput, StringComparison.Ordinal);

        var (importExit, importOutput, importError) = await Cli.RunAsync("vc", "import", file, "--data-dir", Data("holder"), "--secret-file", SecretFile);
        var (otherExit, _, otherError) = await Cli.RunAsync("vc", "import", file, "--data-dir", Data("someone-else"), "--secret-file", SecretFile);
        Assert.True(importExit == 0, importError);
        Assert.Contains("MembershipCredential", importOutput, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(Data("holder"), "credentials")));
        Assert.Equal(1, otherExit);
        Assert.Contains("HolderMismatch", otherError, StringComparison.Ordinal);

        var (revokeExit, revokeOutput, revokeError) = await Cli.RunAsync("authority", "revoke", parsed.Id!, "--data-dir", authority, "--secret-file", SecretFile);
        var (againExit, _, againError) = await Cli.RunAsync("authority", "revoke", "urn:uuid:unknown", "--data-dir", authority, "--secret-file", SecretFile);
        Assert.True(revokeExit == 0, revokeError);
        Assert.Contains("Revoked", revokeOutput, StringComparison.Ordinal);
        Assert.Equal(1, againExit);
        Assert.Contains("issued no credential 'urn:uuid:unknown'", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorityInit_WithDataspace_WritesAnAnchorBoundToIt_AndABlankOneFails()
    {
        var authority = Data("bound-authority");
        var (initExit, initOutput, initError) = await Cli.RunAsync("authority", "init", "--did", "did:web:city.example", "--type", "MembershipCredential", "--dataspace", "city", "--data-dir", authority, "--secret-file", SecretFile);
        Assert.True(initExit == 0, initError);
        Assert.Contains("data space: city", initOutput, StringComparison.Ordinal);
        var anchor = Assert.Single((await TrustAnchorFile.LoadAsync(Path.Combine(authority, "trust-anchors.json"), CancellationToken.None)).Anchors);
        Assert.Equal("city", anchor.Dataspace);

        var (blankExit, _, blankError) = await Cli.RunAsync("authority", "init", "--did", "did:web:city.example", "--dataspace", " ", "--data-dir", Data("blank"), "--secret-file", SecretFile);
        Assert.Equal(1, blankExit);
        Assert.Contains("--dataspace needs a data space id", blankError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DidShow_DidWeb_ListsTheKeyAndTheServiceEntries_AndABadUrlFails()
    {
        var (exit, output, error) = await Cli.RunAsync("did", "show", "--did", "did:web:bank.example", "--public-url", "https://bank.example", "--data-dir", Data("w"), "--secret-file", SecretFile);
        var (badExit, _, badError) = await Cli.RunAsync("did", "show", "--did", "did:web:bank.example", "--public-url", "bank.example", "--data-dir", Data("w"), "--secret-file", SecretFile);

        Assert.True(exit == 0, error);
        var document = JsonNode.Parse(output)!;
        Assert.Equal("did:web:bank.example", document["id"]!.GetValue<string>());
        Assert.Contains(document["service"]!.AsArray(), s => s!["serviceEndpoint"]!.GetValue<string>() == "https://bank.example/api/identity");
        Assert.Equal(1, badExit);
        Assert.Contains("--public-url 'bank.example' is not an absolute http or https URL", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorityIssue_WithoutInit_SaysToRunInit()
    {
        var (exit, _, error) = await Cli.RunAsync("authority", "issue", "--subject", "did:web:bank.example", "--type", "MembershipCredential", "--data-dir", Data("empty"), "--secret-file", SecretFile);

        Assert.Equal(1, exit);
        Assert.Contains("run 'dataspace authority init --did did:web:...' first", error, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
