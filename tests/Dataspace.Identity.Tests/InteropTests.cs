using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Tests.Support;
using Dataspace.Identity.Trust;
using Dataspace.Testing;

namespace Dataspace.Identity.Tests;

/// <summary>Our credentials and presentations verify in independent implementations (did-jwt-vc, did-jwt, jose under node), and theirs verify here.</summary>
public sealed class InteropTests
{
    private const string Audience = "did:web:verifier.example";

    [NodeFact]
    public async Task OursVerifyThere_AndTheirsVerifyHere_BothProfiles_BothAlgorithms()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Dataspace.Identity.Tests", "interop");
        await EnsurePackagesAsync(folder);
        using var space = new TestDataspace(now: DateTimeOffset.UtcNow);
        var verify = new JsonArray();
        var documents = new JsonObject();
        var expectations = new Dictionary<string, bool>();
        foreach (var algorithm in new[] { JwsAlgorithms.ES256, JwsAlgorithms.EdDSA })
        {
            foreach (var didWeb in new[] { false, true })
            {
                var authority = space.AddAuthority(algorithm, didWeb);
                var holder = space.AddParticipant(algorithm, didWeb);
                if (didWeb)
                {
                    documents[authority.Did] = (await space.Resolver.ResolveAsync(authority.Did, CancellationToken.None)).Document!.ToJson();
                    documents[holder.Did] = holder.Identity.Document.ToJson();
                }

                foreach (var profile in new[] { CredentialProfile.Vc20BitstringStatusList, CredentialProfile.Vc11StatusList2021 })
                {
                    var name = $"{algorithm} {(didWeb ? "did:web" : "did:key")} {CredentialProfiles.ToId(profile)}";
                    var vc = authority.Issue(holder.Did, profile);
                    var vp = JwtPresentations.Create(holder.Identity.Signer, Audience, [vc], profile, space.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
                    Add(verify, expectations, name + " credential", "credential", profile, vc, true);
                    Add(verify, expectations, name + " presentation", "presentation", profile, vp, true);
                    Add(verify, expectations, name + " tampered credential", "credential", profile, Tamper(vc), false);
                }
            }
        }

        var input = Path.Combine(Path.GetTempPath(), $"dataspace-interop-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, new JsonObject { ["audience"] = Audience, ["didDocuments"] = documents, ["verify"] = verify }.ToJsonString());
        try
        {
            var (exit, output, error) = await ExternalProcess.RunAsync("node", folder, TimeSpan.FromSeconds(60), "interop.mjs", input);
            Assert.True(exit == 0, $"node interop.mjs failed ({exit}): {error}");
            using var result = JsonDocument.Parse(output);

            var verified = result.RootElement.GetProperty("verified");
            foreach (var (name, expected) in expectations)
            {
                var entry = verified.GetProperty(name);
                var ok = entry.GetProperty("ok").GetBoolean();
                Assert.True(ok == expected, $"{name}: expected {(expected ? "valid" : "invalid")} in did-jwt-vc/jose, got {entry}");
            }

            var issued = result.RootElement.GetProperty("issued").EnumerateArray().ToList();
            Assert.Equal(4, issued.Count);
            space.Trust.Update(new TrustAnchorSet([.. space.Trust.Current.Anchors, .. issued.Select(i => new TrustAnchor { Did = i.GetProperty("issuer").GetString()!, CredentialTypes = ["MembershipCredential"] })]));
            foreach (var item in issued)
            {
                var holder = item.GetProperty("holder").GetString()!;
                var presentation = await space.Credentials.VerifyPresentationAsync(item.GetProperty("vp").GetString()!, holder, Audience, CancellationToken.None);

                Assert.True(presentation.Succeeded, $"{item.GetProperty("name")}: {presentation.Reason}");
                var credential = Assert.Single(presentation.Value);
                Assert.Equal("finance", credential.Claims.GetProperty("industry").GetString());
                Assert.Equal(item.GetProperty("issuer").GetString(), credential.Issuer);
                Assert.True(ParsedPresentation.TryParse(item.GetProperty("vp").GetString()!, out var parsed, out _));
                Assert.Equal(item.GetProperty("profile").GetString(), CredentialProfiles.ToId(parsed.Profile));

                var stranger = await space.Credentials.VerifyPresentationAsync(item.GetProperty("vp").GetString()!, "did:web:someone.else", Audience, CancellationToken.None);
                Assert.Equal(VerificationFailure.PresentationNotFromCaller, stranger.Failure);
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static void Add(JsonArray verify, Dictionary<string, bool> expectations, string name, string kind, CredentialProfile profile, string jwt, bool valid)
    {
        verify.Add(new JsonObject { ["name"] = name, ["kind"] = kind, ["profile"] = CredentialProfiles.ToId(profile), ["jwt"] = jwt, ["audience"] = Audience });
        expectations[name] = valid;
    }

    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("north", "south", StringComparison.Ordinal);
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }

    private static async Task EnsurePackagesAsync(string folder)
    {
        if (Directory.Exists(Path.Combine(folder, "node_modules", "did-jwt-vc")))
        {
            return;
        }

        var (exit, _, error) = await ExternalProcess.RunAsync("npm", folder, TimeSpan.FromMinutes(3), "ci", "--no-audit", "--no-fund");
        Assert.True(exit == 0, $"npm ci failed in {folder}: {error}");
    }
}
