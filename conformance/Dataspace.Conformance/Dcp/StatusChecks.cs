using Dataspace.Conformance.Identity;
using Dataspace.Conformance.Policy;

namespace Dataspace.Conformance.Dcp;

/// <summary>DCP:03: a credential revoked in its status list, or past its validity, does not count.</summary>
internal static class StatusChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        Discounted("DCP:03-01", "Revoked credential refused", SuitePersonas.Revoked, "revoked in its issuer's status list"),
        Discounted("DCP:03-02", "Expired credential refused", SuitePersonas.Expired, "past its validUntil"),
    ];

    private static ScriptedCheck Discounted(string id, string name, string persona, string what) =>
        new(id, name, ConformanceProfiles.Dcp,
            $"a participant presenting a membership credential {what} is refused or treated as a non-member: the members-only dataset stays invisible to it, while a valid member sees it",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var hidden = context.Configuration.Get(PolicyFixtures.MembersOnly);
                var control = await consumer.VisibilityAsync(consumer.Persona(SuitePersonas.Member), hidden, ct).ConfigureAwait(false);
                if (!control.InCatalog)
                {
                    throw new ConformanceException($"the member persona does not see the members-only dataset '{hidden}' ({control.Catalog.Describe()}), so a discounted credential cannot be told apart; configure '{PolicyFixtures.MembersOnly}' and the trust in {consumer.Identity.AuthorityDid}");
                }

                var caller = consumer.Persona(persona);
                var seen = await consumer.VisibilityAsync(caller, hidden, ct).ConfigureAwait(false);
                if (seen.InCatalog || seen.ByGet)
                {
                    throw new ConformanceException($"the target accepted a membership credential {what} from {caller.Did}: the members-only dataset '{hidden}' is visible to it");
                }

                if (seen.Catalog.Status >= 500)
                {
                    throw new ConformanceException($"the target failed on a membership credential {what}: {seen.Catalog.Describe()}; expected a refusal or a catalog without members-only datasets");
                }
            });
}
