using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;

namespace Dataspace.Conformance.Identity;

/// <summary>
/// The suite as a DCP participant: a test authority (did:web <c>…:authority</c>, with its status lists) that the target is
/// configured to trust, and the personas it issued credentials to (did:web <c>…:persona:NAME</c>), all served by
/// <see cref="SuiteParticipantServer"/> at the identity address. Keys and issued credentials persist in the identity
/// directory so the DIDs keep their keys across checks and runs (targets cache DID documents).
/// </summary>
public sealed class SuiteIdentity : IDisposable
{
    /// <summary>Base URL the suite serves its DIDs, Credential Services and DSP callbacks at (default: <c>dataspacetck.callback.address</c>).</summary>
    public const string AddressKey = "conformance.identity.address";

    /// <summary>Folder for the suite's keys and issued credentials (default: a folder per address under the temp directory).</summary>
    public const string DirectoryKey = "conformance.identity.directory";

    /// <summary>The <c>dataspace</c> claim of the membership credentials (default <c>urn:dataspace:conformance</c>).</summary>
    public const string DataspaceKey = "conformance.identity.dataspace";

    /// <summary>The TCK's callback address, the fallback for <see cref="AddressKey"/>.</summary>
    public const string TckCallbackKey = "dataspacetck.callback.address";

    /// <summary>The membership credential type the personas hold.</summary>
    public const string MembershipCredential = "MembershipCredential";

    /// <summary>The other credential type (held by <see cref="SuitePersonas.Outsider"/>).</summary>
    public const string IndustryCredential = "IndustryCredential";

    /// <summary>The default data space id in membership credentials.</summary>
    public const string DefaultDataspace = "urn:dataspace:conformance";

    // The personas' keys only ever sign test tokens; the folder's file permissions protect them, not this secret.
    private const string KeyStoreSecret = "dataspace-conformance-suite-test-keys";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private SuiteIdentity(Uri address, LocalIdentity authorityIdentity, CredentialAuthority authority, IReadOnlyDictionary<string, SuitePersona> personas)
    {
        Address = address;
        AuthorityIdentity = authorityIdentity;
        Authority = authority;
        Personas = personas;
    }

    /// <summary>Where the suite is reachable by the target.</summary>
    public Uri Address { get; }

    /// <summary>The authority's DID: the trust anchor the target must accept for both credential types.</summary>
    public string AuthorityDid => AuthorityIdentity.Did;

    /// <summary>The authority's DID document and signer.</summary>
    public LocalIdentity AuthorityIdentity { get; }

    /// <summary>The authority's issuing desk (status lists, issuing credentials to the target for its own wallet).</summary>
    public CredentialAuthority Authority { get; }

    /// <summary>Every persona by name.</summary>
    public IReadOnlyDictionary<string, SuitePersona> Personas { get; }

    /// <summary>A persona by name.</summary>
    public SuitePersona Persona(string name) => Personas[name];

    /// <summary>The identity address from the configuration (<see cref="AddressKey"/>, else the TCK's callback address).</summary>
    public static Uri ReadAddress(ConformanceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var address = configuration.GetUrl(configuration.Find(AddressKey) is null && configuration.Find(TckCallbackKey) is not null ? TckCallbackKey : AddressKey);
        return new Uri(address.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>The authority's DID for an identity address, known before anything runs (the target's trust anchor).</summary>
    public static string AuthorityDidFor(Uri address) => DidWeb.FromUrl(new Uri(Normalize(address), "authority"));

    /// <summary>A persona's DID for an identity address.</summary>
    public static string PersonaDidFor(Uri address, string persona) => DidWeb.FromUrl(new Uri(Normalize(address), "persona/" + persona));

    /// <summary>Loads (or creates, on first use) the authority, the personas, their keys and credentials.</summary>
    public static async Task<SuiteIdentity> LoadAsync(ConformanceConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        var address = ReadAddress(configuration);
        var directory = configuration.Find(DirectoryKey)
                        ?? Path.Combine(Path.GetTempPath(), "dataspace-conformance", $"{address.Host}-{address.Port}");
        var dataspace = configuration.Find(DataspaceKey) ?? DefaultDataspace;

        var authorityDid = AuthorityDidFor(address);
        var authorityIdentity = await LoadIdentityAsync(Path.Combine(directory, "authority"), authorityDid, [], time, cancellationToken).ConfigureAwait(false);
        var authority = new CredentialAuthority(Path.Combine(directory, "authority", "issued"), authorityIdentity.Signer, new Uri(address, "authority"), time);
        try
        {
            var personas = new Dictionary<string, SuitePersona>(StringComparer.Ordinal);
            foreach (var name in SuitePersonas.All)
            {
                var did = PersonaDidFor(address, name);
                var credentialService = new Uri(address, $"persona/{name}/cs");
                var dsp = new Uri(address, $"persona/{name}/dsp");
                var folder = Path.Combine(directory, "personas", name);
                var identity = await LoadIdentityAsync(folder, did, LocalIdentities.Services(did, credentialService, dsp), time, cancellationToken).ConfigureAwait(false);
                var credentials = await LoadCredentialsAsync(folder, name, did, dataspace, authority, authorityIdentity.Signer, time, cancellationToken).ConfigureAwait(false);
                personas[name] = new SuitePersona(name, identity, credentials, credentialService, dsp);
            }

            return new SuiteIdentity(address, authorityIdentity, authority, personas);
        }
        catch
        {
            authority.Dispose();
            throw;
        }
    }

    /// <summary>Releases the authority.</summary>
    public void Dispose() => Authority.Dispose();

    private static Uri Normalize(Uri address) => new(address.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");

    private static async Task<LocalIdentity> LoadIdentityAsync(
        string folder, string did, IEnumerable<DidService> services, TimeProvider time, CancellationToken cancellationToken)
    {
        using var keys = new KeyStore(Path.Combine(folder, "keys"), KeyStoreSecret, time);
        return await LocalIdentities.LoadAsync(keys, did, services, JwsAlgorithms.ES256, time, cancellationToken).ConfigureAwait(false);
    }

    // Issued once and kept, so a run does not grow the authority's status list; reissued when a valid one is about to end.
    private static async Task<IReadOnlyList<string>> LoadCredentialsAsync(
        string folder, string persona, string did, string dataspace, CredentialAuthority authority, DidSigner authoritySigner, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, "credentials.json");
        var now = time.GetUtcNow();
        if (File.Exists(file))
        {
            var stored = JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) ?? [];
            var usable = stored.All(jwt => ParsedCredential.TryParse(jwt, out var parsed, out _)
                                           && parsed.Issuer == authoritySigner.Did
                                           && (persona == SuitePersonas.Expired || parsed.ValidUntil is null || parsed.ValidUntil > now.AddDays(1)));
            if (usable)
            {
                return stored;
            }
        }

        var membership = new JsonObject { ["dataspace"] = dataspace, ["status"] = "active" };
        List<string> credentials = [];
        switch (persona)
        {
            case SuitePersonas.Member:
                credentials.Add((await authority.IssueAsync(Request(did, MembershipCredential, membership), cancellationToken).ConfigureAwait(false)).Jwt);
                break;
            case SuitePersonas.Outsider:
                credentials.Add((await authority.IssueAsync(Request(did, IndustryCredential, new JsonObject { ["industry"] = "conformance-testing" }), cancellationToken).ConfigureAwait(false)).Jwt);
                break;
            case SuitePersonas.Revoked:
                var (jwt, record) = await authority.IssueAsync(Request(did, MembershipCredential, membership), cancellationToken).ConfigureAwait(false);
                await authority.RevokeAsync(record.Id, cancellationToken).ConfigureAwait(false);
                credentials.Add(jwt);
                break;
            case SuitePersonas.Expired:
                credentials.Add(JwtCredentials.Issue(
                    new CredentialDraft
                    {
                        Id = "urn:uuid:" + Guid.NewGuid(),
                        Types = [MembershipCredential],
                        SubjectDid = did,
                        Claims = membership,
                        ValidFrom = now.AddDays(-30),
                        ValidUntil = now.AddDays(-1),
                    },
                    authoritySigner,
                    CredentialProfile.Vc20BitstringStatusList));
                break;
            default:
                break;
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(credentials, Indented), cancellationToken).ConfigureAwait(false);
        return credentials;
    }

    private static CredentialRequest Request(string did, string type, JsonObject claims) => new()
    {
        SubjectDid = did, Type = type, Claims = (JsonObject)claims.DeepClone(), ValidFor = TimeSpan.FromDays(365),
    };
}
