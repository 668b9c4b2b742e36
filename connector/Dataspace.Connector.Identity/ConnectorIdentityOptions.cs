using System.ComponentModel.DataAnnotations;
using Dataspace.Identity.Jose;

namespace Dataspace.Connector.Identity;

/// <summary>The connector's identity settings (section <c>Connector:Identity</c>).</summary>
public sealed class ConnectorIdentityOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Identity";

    /// <summary>The environment variable read when <see cref="KeyStoreSecret"/> is not configured.</summary>
    public const string SecretVariable = "DATASPACE_KEYSTORE_SECRET";

    /// <summary>The value of <see cref="Method"/> for a did:web identity.</summary>
    public const string MethodWeb = "web";

    /// <summary>The value of <see cref="Method"/> for a did:key identity.</summary>
    public const string MethodKey = "key";

    /// <summary>The value of <see cref="Method"/> for no identity (peers authenticated with static tokens).</summary>
    public const string MethodNone = "none";

    /// <summary>
    /// The DID method of a fresh connector's identity (no key-store secret configured): <c>web</c> (on <see cref="PublicUrl"/>
    /// or the address it listens on), <c>key</c>, <c>none</c>; empty: did:web when the public address is known, else did:key.
    /// </summary>
    public string? Method { get; set; }

    /// <summary>The connector's did:web DID; empty for a did:key identity derived from its key.</summary>
    public string? Did { get; set; }

    /// <summary>The algorithm of the first key: ES256 or EdDSA.</summary>
    public string KeyAlgorithm { get; set; } = JwsAlgorithms.ES256;

    /// <summary>The secret the key store's encryption key is derived from (or set <c>DATASPACE_KEYSTORE_SECRET</c>).</summary>
    public string? KeyStoreSecret { get; set; }

    /// <summary>The key store folder; relative paths are under the data folder.</summary>
    public string KeysDirectory { get; set; } = "keys";

    /// <summary>The wallet folder; relative paths are under the data folder.</summary>
    public string CredentialsDirectory { get; set; } = "credentials";

    /// <summary>The trust-anchor file (from <c>dataspace authority init</c>); relative paths are under the data folder.</summary>
    public string? TrustAnchorsFile { get; set; }

    /// <summary>The URL peers reach this connector at (for the DID document's service entries), e.g. <c>https://bank.example</c>.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The path the Credential Service is mapped under.</summary>
    public string CredentialServicePath { get; set; } = "/api/identity";

    /// <summary>The path of the DSP endpoint listed in the DID document.</summary>
    public string DspPath { get; set; } = "/api/dsp";

    /// <summary>The DCP scope alias used when asking peers for credentials; EDC wallets may need <c>org.eclipse.edc.vc.type</c>.</summary>
    public string ScopeAlias { get; set; } = Dataspace.Identity.Dcp.DcpScopes.TypeAlias;

    /// <summary>Accept any key for a purpose a peer's DID document declares no relationship for (EDC IdentityHub documents); off by default.</summary>
    public bool AcceptUndeclaredRelationships { get; set; }

    /// <summary>Allow did:web over plain HTTP for loopback hosts (tests only).</summary>
    public bool AllowHttpForLoopback { get; set; }

    /// <summary>Clock leeway for token and credential times, in seconds.</summary>
    [Range(0, 300)]
    public int ClockLeewaySeconds { get; set; } = 30;

    /// <summary>How long a caller's verified presentation is reused, in seconds.</summary>
    [Range(0, 3600)]
    public int PresentationCacheSeconds { get; set; } = 60;

    /// <summary>How long DID documents are cached, in seconds.</summary>
    [Range(0, 86400)]
    public int DidCacheSeconds { get; set; } = 300;

    /// <summary>How many DIDs the resolver cache holds at most; the least recently used go first.</summary>
    [Range(1, 10_000_000)]
    public int DidCacheSize { get; set; } = 10_000;

    /// <summary>How long a failed DID resolution is remembered before it is tried again, in seconds (0, the default: not remembered).</summary>
    [Range(0, 3600)]
    public int DidFailureCacheSeconds { get; set; }

    /// <summary>How long a fetched status list is reused, in seconds: a revocation is seen at the latest this long after the authority publishes it.</summary>
    [Range(0, 86400)]
    public int StatusListCacheSeconds { get; set; } = 300;

    /// <summary>How many unexpired token ids the replay cache holds at most; when full, the soonest-expiring are forgotten and a token expiring no later than them is refused (401 ReplayCacheFull); fresh tokens pass.</summary>
    [Range(1, 10_000_000)]
    public int JtiCacheSize { get; set; } = Dataspace.Identity.Dcp.JtiReplayCache.DefaultCapacity;

    /// <summary>How many callers' verified presentations are cached at most; the least recently used go first.</summary>
    [Range(1, 10_000_000)]
    public int PresentationCacheSize { get; set; } = Dataspace.Identity.Dcp.PresentationCache.DefaultCapacity;

    /// <summary>How many fetched status lists are cached at most; the least recently used go first.</summary>
    [Range(1, 10_000_000)]
    public int StatusListCacheSize { get; set; } = Dataspace.Identity.StatusLists.StatusListChecker.DefaultCapacity;

    /// <summary>The credential types requested from DSP callers by default; empty means <c>MembershipCredential</c> and <c>SubspaceCredential</c> (what joining a data space gives).</summary>
    /// <remarks>Starts empty because configuration binding appends to a list rather than replacing it.</remarks>
    public IList<string> RequiredCredentialTypes { get; } = [];

    /// <summary>The credential types to request from DSP callers.</summary>
    /// <remarks>
    /// By default a member's subspace credentials are asked for too, so access policies on
    /// <c>claim:SubspaceCredential.subspace</c> see them; a caller without one just presents fewer credentials.
    /// </remarks>
    public IReadOnlyCollection<string> EffectiveCredentialTypes => RequiredCredentialTypes.Count == 0 ? ["MembershipCredential", "SubspaceCredential"] : [.. RequiredCredentialTypes];

    /// <summary>Credential Service URLs of peers whose DIDs cannot list services (did:key); a list, since DIDs contain ':'.</summary>
    public IList<CredentialServiceEntry> CredentialServices { get; } = [];

    /// <summary>The secret from configuration or the environment variable.</summary>
    public string? ResolveSecret() => string.IsNullOrEmpty(KeyStoreSecret) ? Environment.GetEnvironmentVariable(SecretVariable) : KeyStoreSecret;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!JwsAlgorithms.CanSign(KeyAlgorithm))
        {
            yield return new ValidationResult($"{Section}:KeyAlgorithm is '{KeyAlgorithm}'; expected ES256 or EdDSA", [nameof(KeyAlgorithm)]);
        }

        if (ResolveSecret() is not { Length: >= 16 })
        {
            yield return new ValidationResult($"{Section}:KeyStoreSecret (or {SecretVariable}) must be set to at least 16 characters; it encrypts the connector's private keys", [nameof(KeyStoreSecret)]);
        }

        if (!string.IsNullOrEmpty(Method) && Method is not (MethodWeb or MethodKey or MethodNone))
        {
            yield return new ValidationResult($"{Section}:Method is '{Method}'; expected web, key or none", [nameof(Method)]);
        }

        if (!string.IsNullOrEmpty(Did) && !Did.StartsWith("did:web:", StringComparison.Ordinal))
        {
            yield return new ValidationResult($"{Section}:Did is '{Did}'; expected a did:web DID, or leave it empty for did:key", [nameof(Did)]);
        }

        foreach (var entry in CredentialServices.Where(e => string.IsNullOrEmpty(e.Did) || e.Url is null))
        {
            yield return new ValidationResult($"{Section}:CredentialServices entry '{entry.Did}' needs both Did and Url", [nameof(CredentialServices)]);
        }

        foreach (var (name, path) in new[] { (nameof(CredentialServicePath), CredentialServicePath), (nameof(DspPath), DspPath) })
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"{Section}:{name} is '{path}'; expected a path starting with '/', such as /api/identity", [name]);
            }
        }

        if (PublicUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:PublicUrl is '{url}'; expected an absolute http(s) URL such as https://bank.example", [nameof(PublicUrl)]);
        }

        if (!string.IsNullOrEmpty(Did) && PublicUrl is null)
        {
            yield return new ValidationResult($"{Section}:PublicUrl is required with a did:web DID (it goes into the DID document's service entries)", [nameof(PublicUrl)]);
        }
    }
}
