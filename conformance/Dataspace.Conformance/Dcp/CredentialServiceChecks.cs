using System.Text.Json.Nodes;
using Dataspace.Conformance.Identity;
using Dataspace.Conformance.Policy;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Jose;

namespace Dataspace.Conformance.Dcp;

/// <summary>DCP:02: the target's Credential Service answers a verifier with a valid access token and refuses the others.</summary>
internal static class CredentialServiceChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new ScriptedCheck("DCP:02-01", "Presentation query answered", ConformanceProfiles.Dcp,
            "the target's Credential Service answers a query carrying the access token the target itself handed out (in its DSP token to the suite) with 200 and presentations that verify: holder and signer are the target, audience is the suite, credentials signed by their issuers and not revoked",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var member = consumer.Persona(SuitePersonas.Member);
                var accessToken = await ObtainAccessTokenAsync(consumer, context, member, ct).ConfigureAwait(false);
                var service = await TargetCredentialService.LocateAsync(consumer, context, ct).ConfigureAwait(false);
                var type = context.Configuration.Find(TargetCredentialService.CredentialTypeKey) ?? SuiteIdentity.MembershipCredential;
                var token = member.CreateToken(consumer.TargetDid, context.TimeProvider.GetUtcNow(), [], t => t["token"] = accessToken);
                var answer = await TargetCredentialService.QueryAsync(consumer, service, TargetCredentialService.Query(DcpScopes.ForType(type)), token, ct).ConfigureAwait(false);
                if (answer.Status != 200)
                {
                    throw new ConformanceException($"the Credential Service answered a valid query for {type} with {answer.Describe()}; expected 200 with a PresentationResponseMessage");
                }

                var presentations = DspConsumer.Many(answer.Body?["presentation"]).Select(p => p?.GetValueKind() == System.Text.Json.JsonValueKind.String ? p.GetValue<string>() : null).ToList();
                if (presentations.Count == 0)
                {
                    throw new ConformanceException($"the Credential Service presented nothing for scope {DcpScopes.ForType(type)}; the target must hold a {type} ('{TargetCredentialService.CredentialTypeKey}') to answer it");
                }

                foreach (var presentation in presentations)
                {
                    if (presentation is null)
                    {
                        throw new ConformanceException($"the presentation response holds a non-string entry; DCP presentations are JWTs: {answer.Text}");
                    }

                    var verified = await TargetCredentialService.VerifyAsync(consumer, context, presentation, member.Did, ct).ConfigureAwait(false);
                    if (!verified.Succeeded)
                    {
                        throw new ConformanceException($"a presentation from the target does not verify: {verified.Error.Failure}: {verified.Error.Reason}");
                    }
                }
            }),
        new ScriptedCheck("DCP:02-02", "Query without token refused", ConformanceProfiles.Dcp,
            "the target's Credential Service refuses (401) a presentation query without an Authorization header and presents nothing",
            (context, ct) => RefusedAsync(context, (_, _, _) => null, TargetCredentialService.Query(DcpScopes.ForType(SuiteIdentity.MembershipCredential)), "without a token", ct)),
        new ScriptedCheck("DCP:02-03", "Forged access token refused", ConformanceProfiles.Dcp,
            "the target's Credential Service refuses (401/403) a query whose access token the target did not issue (signed by the verifier itself) and presents nothing",
            (context, ct) => RefusedAsync(context, (consumer, persona, now) =>
                persona.CreateToken(consumer.TargetDid, now, [], t => t["token"] = TargetCredentialService.ForgedAccessToken(consumer, persona, now)),
                TargetCredentialService.Query(DcpScopes.ForType(SuiteIdentity.MembershipCredential)), "with an access token the target never issued", ct)),
        new ScriptedCheck("DCP:02-04", "Invalid query refused", ConformanceProfiles.Dcp,
            "the target's Credential Service refuses (400) a query naming both scope and presentationDefinition, as DCP requires",
            (context, ct) =>
            {
                var query = TargetCredentialService.Query(DcpScopes.ForType(SuiteIdentity.MembershipCredential));
                query["presentationDefinition"] = new JsonObject { ["id"] = "conformance", ["input_descriptors"] = new JsonArray() };
                return RefusedAsync(context, (consumer, persona, now) => persona.CreateToken(consumer.TargetDid, now, []), query, "naming both scope and presentationDefinition", ct);
            }),
    ];

    // The target hands its access token to a verifier inside the DCP token of the DSP messages it sends; an agreement
    // for the open dataset makes it send one to the member persona.
    private static async Task<string> ObtainAccessTokenAsync(DspConsumer consumer, CheckContext context, SuitePersona member, CancellationToken cancellationToken)
    {
        var datasetId = context.Configuration.Get(PolicyFixtures.Open);
        var offer = await consumer.FindOfferAsync(member, datasetId, PolicyFixtures.Open, cancellationToken).ConfigureAwait(false);
        var outcome = await consumer.NegotiateAsync(member, datasetId, offer, cancellationToken).ConfigureAwait(false);
        var authorization = outcome.AgreementMessage?.Authorization
                            ?? throw new ConformanceException($"the target sent no ContractAgreementMessage with an Authorization header for the open dataset '{datasetId}' ({outcome.State}: {outcome.Detail})");
        if (!CompactJws.TryParse(DcpVerifier.ExtractToken(authorization), out var token, out var reason))
        {
            throw new ConformanceException($"the target's DSP message to the suite carries no DCP Self-Issued ID token: {reason}");
        }

        if (token.GetString("iss") != consumer.TargetDid || !token.GetAudience().Contains(member.Did))
        {
            throw new ConformanceException($"the target's token has iss '{token.GetString("iss")}' and aud '{string.Join(", ", token.GetAudience())}'; expected iss {consumer.TargetDid} and aud {member.Did}");
        }

        return token.GetString("token")
               ?? throw new ConformanceException("the target's Self-Issued ID token has no 'token' claim, so a verifier cannot query its Credential Service");
    }

    private static async Task RefusedAsync(CheckContext context, Func<DspConsumer, SuitePersona, DateTimeOffset, string?> token, JsonObject query, string what, CancellationToken cancellationToken)
    {
        var consumer = await DspConsumer.ForCheckAsync(context, cancellationToken).ConfigureAwait(false);
        var service = await TargetCredentialService.LocateAsync(consumer, context, cancellationToken).ConfigureAwait(false);
        var member = consumer.Persona(SuitePersonas.Member);
        var answer = await TargetCredentialService.QueryAsync(consumer, service, query, token(consumer, member, context.TimeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            throw new ConformanceException($"the Credential Service answered a query {what} with {answer.Describe()}; expected a 4xx refusal");
        }

        if (answer.Status >= 500 && answer.Status != 501)
        {
            throw new ConformanceException($"the Credential Service failed on a query {what}: {answer.Describe()}; expected a 4xx refusal");
        }
    }
}
