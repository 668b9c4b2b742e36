using Dataspace.Conformance.Identity;

namespace Dataspace.Conformance.Policy;

/// <summary>POL:01: what the access policy hides stays hidden, in the catalog and by dataset id.</summary>
internal static class VisibilityChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new ScriptedCheck("POL:01-01", "Members see members-only dataset", ConformanceProfiles.Policy,
            "a member (valid MembershipCredential) finds the members-only dataset in the catalog and by GET /catalog/datasets/:id (the control for POL:01-02 and POL:01-03)",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var id = context.Configuration.Get(PolicyFixtures.MembersOnly);
                var seen = await consumer.VisibilityAsync(consumer.Persona(SuitePersonas.Member), id, ct).ConfigureAwait(false);
                if (!seen.InCatalog || !seen.ByGet)
                {
                    throw new ConformanceException($"the member persona does not see the members-only dataset '{id}' (catalog: {(seen.InCatalog ? "listed" : seen.Catalog.Describe())}; GET: {seen.Dataset.Describe()}); the target must trust the suite's authority {consumer.Identity.AuthorityDid}");
                }
            }),
        Hidden("POL:01-02", "Hidden without credentials", SuitePersonas.Anonymous, "a participant without credentials"),
        Hidden("POL:01-03", "Hidden from other credentials", SuitePersonas.Outsider, "a participant holding only a different (industry) credential"),
    ];

    private static ScriptedCheck Hidden(string id, string name, string persona, string who) =>
        new(id, name, ConformanceProfiles.Policy,
            $"the members-only dataset stays invisible to {who}: not in its catalog and not returned by GET /catalog/datasets/:id, while an open dataset is visible to it",
            async (context, ct) =>
            {
                var consumer = await DspConsumer.ForCheckAsync(context, ct).ConfigureAwait(false);
                var hidden = context.Configuration.Get(PolicyFixtures.MembersOnly);
                var open = context.Configuration.Get(PolicyFixtures.Open);
                var caller = consumer.Persona(persona);
                var control = await consumer.VisibilityAsync(caller, open, ct).ConfigureAwait(false);
                if (!control.InCatalog)
                {
                    throw new ConformanceException($"the {persona} persona does not see the open dataset '{open}' ({control.Catalog.Describe()}), so invisibility cannot be told apart from a refused caller; the open dataset's access policy must admit every authenticated participant");
                }

                var seen = await consumer.VisibilityAsync(caller, hidden, ct).ConfigureAwait(false);
                if (seen.InCatalog)
                {
                    throw new ConformanceException($"the catalog shown to {who} ({caller.Did}) lists the members-only dataset '{hidden}'");
                }

                if (seen.ByGet)
                {
                    throw new ConformanceException($"GET /catalog/datasets/{hidden} returns the members-only dataset to {who} ({caller.Did}); expected 404");
                }

                if (seen.Dataset.Status >= 500)
                {
                    throw new ConformanceException($"GET /catalog/datasets/{hidden} failed for {who}: {seen.Dataset.Describe()}; expected 404");
                }
            });
}
