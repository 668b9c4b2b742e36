using System.Text.Json.Nodes;
using Dataspace.Conformance.Policy;
using Dataspace.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Trust;

namespace Dataspace.Conformance.Dcp;

/// <summary>The target's Credential Service as a verifier reaches it: found through the target's DID document.</summary>
internal static class TargetCredentialService
{
    /// <summary>The Credential Service base URL, for a did:key target whose document has no services.</summary>
    public const string UrlKey = "conformance.target.credentialService";

    /// <summary>The credential type the target holds and presents (default MembershipCredential).</summary>
    public const string CredentialTypeKey = "conformance.dcp.target.credentialType";

    public const string DcpContext = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";

    public static async Task<Uri> LocateAsync(DspConsumer consumer, CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Configuration.Find(UrlKey) is not null)
        {
            return context.Configuration.GetUrl(UrlKey);
        }

        var resolved = await Resolver(consumer, context).ResolveAsync(consumer.TargetDid, cancellationToken).ConfigureAwait(false);
        var document = resolved.Document
                       ?? throw new ConformanceException($"the target's DID {consumer.TargetDid} could not be resolved ({resolved.Error}): {resolved.Reason}");
        var endpoint = document.FindServiceEndpoint(DidServiceTypes.CredentialService);
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var url)
            ? url
            : throw new ConformanceException($"the DID document of {consumer.TargetDid} lists no CredentialService with an absolute URL; set '{UrlKey}' for a did:key target");
    }

    public static Task<Policy.DspAnswer> QueryAsync(DspConsumer consumer, Uri credentialService, JsonObject body, string? token, CancellationToken cancellationToken) =>
        consumer.SendAsync(HttpMethod.Post, new Uri(credentialService.AbsoluteUri.TrimEnd('/') + "/presentations/query"), body.ToJsonString(), token, cancellationToken);

    public static JsonObject Query(params string[] scopes) => new()
    {
        ["@context"] = new JsonArray(DcpContext),
        ["@type"] = "PresentationQueryMessage",
        ["scope"] = new JsonArray([.. scopes.Select(s => (JsonNode?)JsonValue.Create(s))]),
    };

    /// <summary>
    /// Verifies a presentation the target made for <paramref name="audience"/>: signed by the target's authentication key,
    /// holder = target, and every credential signed by its issuer and not revoked. Which issuers the target's data space
    /// trusts is the target's business, so each credential's own issuer is accepted here.
    /// </summary>
    public static async Task<VerificationResult<IReadOnlyList<Dataspace.Sdk.Identity.VerifiedCredential>>> VerifyAsync(
        DspConsumer consumer, CheckContext context, string presentation, string audience, CancellationToken cancellationToken)
    {
        var issuers = ParsedPresentation.TryParse(presentation, out var parsed, out _)
            ? parsed.CredentialJwts.Select(j => ParsedCredential.TryParse(j, out var c, out _) ? c.Issuer : null).OfType<string>().Distinct(StringComparer.Ordinal)
            : [];
        var options = new IdentityOptions { AcceptUndeclaredRelationships = false };
        var resolver = Resolver(consumer, context);
        var signatures = new DidJwsVerifier(resolver, options);
        var verifier = new CredentialVerifier(
            signatures,
            new StatusListChecker(new HttpStatusListFetcher(consumer.Server.Http), signatures, context.TimeProvider, options),
            new StaticTrustAnchorProvider(new TrustAnchorSet(issuers.Select(i => new TrustAnchor { Did = i, CredentialTypes = ["*"] }))),
            context.TimeProvider,
            options);
        return await verifier.VerifyPresentationAsync(presentation, consumer.TargetDid, audience, cancellationToken).ConfigureAwait(false);
    }

    private static DidResolverRegistry Resolver(DspConsumer consumer, CheckContext context) => new(
        [new DidKeyResolver(), new DidWebResolver(consumer.Server.Http, new DidWebOptions { AllowHttpForLoopback = true })],
        context.TimeProvider,
        TimeSpan.Zero);

    /// <summary>An access token that claims to come from the target but is signed by the suite (a forgery).</summary>
    public static string ForgedAccessToken(DspConsumer consumer, Identity.SuitePersona persona, DateTimeOffset now) =>
        CompactJws.Sign(new JsonObject
        {
            ["iss"] = consumer.TargetDid,
            ["sub"] = persona.Did,
            ["aud"] = consumer.TargetDid,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["scope"] = DcpScopes.ForType(SuiteCredentialType),
        }, persona.Identity.Signer.Key, consumer.TargetDid + "#key-1");

    private const string SuiteCredentialType = Identity.SuiteIdentity.MembershipCredential;
}
