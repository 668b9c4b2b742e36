using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Identity;
using Dataspace.Conformance.Policy;
using Dataspace.Identity.Jose;

namespace Dataspace.Conformance.Dcp;

/// <summary>
/// DCP:01: the target's DSP endpoints refuse every token DCP says a verifier must refuse. Each check first makes sure
/// the member persona's valid token is accepted, so a target that refuses everyone (or does not trust the suite) fails
/// instead of passing by accident.
/// </summary>
internal static class TokenChecks
{
    private const string Verifies = "the target's DSP endpoints refuse (4xx: no catalog, no negotiation) a catalog request and a contract request for the open dataset whose DCP Self-Issued ID token ";

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new ScriptedCheck("DCP:01-01", "Valid token accepted", ConformanceProfiles.Dcp,
            "a catalog request with a valid Self-Issued ID token of a member issued by the trusted authority is answered 200 with a catalog (the control every other DCP check relies on)",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                await RequireAcceptedAsync(consumer, consumer.TokenFor(consumer.Persona(SuitePersonas.Member)), ct).ConfigureAwait(false);
            }),
        Negative("DCP:01-02", "Missing token", "is missing (no Authorization header)", (_, _, _) => null),
        Negative("DCP:01-03", "Expired token", "expired ten minutes ago", (c, p, now) => p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, t =>
        {
            t["iat"] = now.AddMinutes(-15).ToUnixTimeSeconds();
            t["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds();
        })),
        Negative("DCP:01-04", "Token not yet valid", "is valid only from ten minutes from now (iat and nbf in the future)", (c, p, now) => p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, t =>
        {
            t["iat"] = now.AddMinutes(10).ToUnixTimeSeconds();
            t["nbf"] = now.AddMinutes(10).ToUnixTimeSeconds();
            t["exp"] = now.AddMinutes(12).ToUnixTimeSeconds();
        })),
        Negative("DCP:01-05", "Wrong audience", "is addressed to another participant (aud)", (c, p, now) => p.CreateToken("did:web:audience.invalid", now, DspConsumer.CredentialTypes)),
        Negative("DCP:01-06", "Issuer is not subject", "has an issuer different from its subject (iss != sub)", (c, p, now) => p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, t =>
            t["sub"] = c.Persona(SuitePersonas.Anonymous).Did)),
        Negative("DCP:01-07", "Bad signature", "is signed by a key other than the one its kid names", (c, p, now) =>
        {
            using var stranger = SigningKey.Generate(JwsAlgorithms.ES256);
            return p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, signingKey: stranger);
        }),
        Negative("DCP:01-08", "Unknown key id", "names a key id (kid) its issuer's DID document does not list", (c, p, now) =>
            p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, keyId: p.Did + "#no-such-key")),
        Negative("DCP:01-09", "Unsigned token", "is unsigned (alg none)", (c, p, now) =>
        {
            var signed = p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes);
            var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = p.Identity.Signer.KeyId }.ToJsonString()));
            return header + "." + signed.Split('.')[1] + ".";
        }),
        Negative("DCP:01-10", "Unresolvable issuer", "is issued by a DID that cannot be resolved", (c, p, now) =>
        {
            var nobody = SuiteIdentity.PersonaDidFor(c.Identity.Address, "nobody");
            return p.CreateToken(c.TargetDid, now, DspConsumer.CredentialTypes, t => { t["iss"] = nobody; t["sub"] = nobody; }, keyId: nobody + "#key-1");
        }),
        new ScriptedCheck("DCP:01-11", "Replayed token", ConformanceProfiles.Dcp,
            Verifies + "was already used once (same jti), after accepting its first use",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var token = consumer.TokenFor(consumer.Persona(SuitePersonas.Member));
                await RequireAcceptedAsync(consumer, token, ct).ConfigureAwait(false);
                RequireRefused(await consumer.RequestCatalogAsync(token, ct).ConfigureAwait(false), "was already used once (replayed jti)");
                var (datasetId, offer) = await OpenOfferAsync(consumer, context, ct).ConfigureAwait(false);
                var once = consumer.TokenFor(consumer.Persona(SuitePersonas.Member));
                var first = await RequestContractAsync(consumer, datasetId, offer, once, ct).ConfigureAwait(false);
                if (!first.IsSuccess)
                {
                    throw new ConformanceException($"the target refused a member's contract request for the open dataset '{datasetId}' with a fresh token ({first.Describe()}); expected 201");
                }

                RequireRefused(await RequestContractAsync(consumer, datasetId, offer, once, ct).ConfigureAwait(false), "was already used once (replayed jti)", "contract request");
            }),
    ];

    /// <summary>The control: the target accepts the token.</summary>
    internal static async Task RequireAcceptedAsync(DspConsumer consumer, string token, CancellationToken cancellationToken)
    {
        var answer = await consumer.RequestCatalogAsync(token, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess || answer.Body?["@type"]?.GetValue<string>() is not "Catalog" and not "dcat:Catalog")
        {
            throw new ConformanceException(
                $"the target refused a valid token of the suite's member persona {consumer.Persona(SuitePersonas.Member).Did} ({answer.Describe()}); " +
                $"it must trust the suite's authority {consumer.Identity.AuthorityDid} for {SuiteIdentity.MembershipCredential} and {SuiteIdentity.IndustryCredential} and reach the suite at {consumer.Identity.Address}");
        }
    }

    internal static void RequireRefused(DspAnswer answer, string what, string request = "catalog request")
    {
        var expected = request == "catalog request" ? "401 with a CatalogError" : "404 with a ContractNegotiationError";
        if (answer.IsSuccess)
        {
            throw new ConformanceException($"the target accepted a {request} with a token that {what}: {answer.Describe()}; expected {expected}");
        }

        if (answer.Status >= 500)
        {
            throw new ConformanceException($"the target failed on a {request} with a token that {what}: {answer.Describe()}; expected {expected}");
        }
    }

    /// <summary>The open dataset's offer, as the member persona's catalog shows it.</summary>
    private static async Task<(string DatasetId, JsonObject Offer)> OpenOfferAsync(DspConsumer consumer, CheckContext context, CancellationToken cancellationToken)
    {
        var datasetId = context.Configuration.Get(PolicyFixtures.Open);
        return (datasetId, await consumer.FindOfferAsync(consumer.Persona(SuitePersonas.Member), datasetId, PolicyFixtures.Open, cancellationToken).ConfigureAwait(false));
    }

    private static Task<DspAnswer> RequestContractAsync(DspConsumer consumer, string datasetId, JsonObject offer, string? token, CancellationToken cancellationToken)
    {
        var requested = (JsonObject)offer.DeepClone();
        requested["target"] = datasetId;
        return consumer.PostAsync("negotiations/request", new JsonObject
        {
            ["@context"] = new JsonArray(DspConsumer.DspContext),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = "urn:uuid:" + Guid.NewGuid(),
            ["offer"] = requested,
            ["callbackAddress"] = consumer.Persona(SuitePersonas.Member).DspCallback.AbsoluteUri,
        }, token, cancellationToken);
    }

    private static ScriptedCheck Negative(string id, string name, string what, Func<DspConsumer, SuitePersona, DateTimeOffset, string?> token) =>
        new(id, name, ConformanceProfiles.Dcp, Verifies + what, async (context, ct) =>
        {
            var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
            var member = consumer.Persona(SuitePersonas.Member);
            await RequireAcceptedAsync(consumer, consumer.TokenFor(member), ct).ConfigureAwait(false);
            RequireRefused(await consumer.RequestCatalogAsync(token(consumer, member, context.TimeProvider.GetUtcNow()), ct).ConfigureAwait(false), what);
            var (datasetId, offer) = await OpenOfferAsync(consumer, context, ct).ConfigureAwait(false);
            RequireRefused(await RequestContractAsync(consumer, datasetId, offer, token(consumer, member, context.TimeProvider.GetUtcNow()), ct).ConfigureAwait(false), what, "contract request");
        });
}
