using Dataspace.Conformance.Identity;

namespace Dataspace.Conformance.Policy;

/// <summary>POL:02: the contract policy decides the negotiation: a missing credential or a forbidden purpose ends it TERMINATED.</summary>
internal static class NegotiationChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new ScriptedCheck("POL:02-01", "Member's negotiation finalizes", ConformanceProfiles.Policy,
            "a member's contract request for the members-contract offer ends FINALIZED with an agreement (the control for POL:02-02 and POL:02-03)",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var id = context.Configuration.Get(PolicyFixtures.MembersContract);
                var member = consumer.Persona(SuitePersonas.Member);
                var offer = await consumer.FindOfferAsync(member, id, PolicyFixtures.MembersContract, ct).ConfigureAwait(false);
                var outcome = await consumer.NegotiateAsync(member, id, offer, ct).ConfigureAwait(false);
                if (outcome.State != NegotiationOutcome.Finalized)
                {
                    throw new ConformanceException($"a member's negotiation for '{id}' ended {outcome.State}, expected FINALIZED: {outcome.Detail}");
                }
            }),
        Denied("POL:02-02", "Missing credential terminates", SuitePersonas.Anonymous, PolicyFixtures.MembersContract,
            "a contract request for the members-contract offer by a participant without credentials ends TERMINATED (or is refused), never agreed"),
        Denied("POL:02-03", "Other credential terminates", SuitePersonas.Outsider, PolicyFixtures.MembersContract,
            "a contract request for the members-contract offer by a participant holding only a different (industry) credential ends TERMINATED (or is refused), never agreed"),
        Denied("POL:02-04", "Forbidden purpose terminates", SuitePersonas.Member, PolicyFixtures.PurposeRestricted,
            "a member's contract request for the purpose-restricted offer, declaring none of its permitted purposes, ends TERMINATED (or is refused), never agreed"),
    ];

    private static ScriptedCheck Denied(string id, string name, string persona, string key, string verifies) =>
        new(id, name, ConformanceProfiles.Policy, verifies, async (context, ct) =>
        {
            var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
            var datasetId = context.Configuration.Get(key);
            // The offer as a member sees it: the request is well-formed, only the requester's standing differs.
            var offer = await consumer.FindOfferAsync(consumer.Persona(SuitePersonas.Member), datasetId, key, ct).ConfigureAwait(false);
            var outcome = await consumer.NegotiateAsync(consumer.Persona(persona), datasetId, offer, ct).ConfigureAwait(false);
            if (outcome.AgreementId is not null || outcome.State == NegotiationOutcome.Finalized)
            {
                throw new ConformanceException($"the target agreed to the {persona} persona's request for '{datasetId}' (agreement '{outcome.AgreementId}', {outcome.State}); its contract policy should have ended the negotiation TERMINATED");
            }

            if (outcome.State is not (NegotiationOutcome.Terminated or NegotiationOutcome.Refused))
            {
                throw new ConformanceException($"the {persona} persona's negotiation for '{datasetId}' did not end TERMINATED: {outcome.Detail}");
            }
        });
}
