namespace Dataspace.Conformance;

internal static partial class TckCases
{
    /// <summary>The contract negotiation provider cases: the suite is the consumer, the fixture keys name dataset and offer.</summary>
    private static IEnumerable<ConformanceCheck> ProviderNegotiation() =>
    [
        Cn("CN:01-01", "Verify contract request, offer received, consumer terminated", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:01-02", "Verify contract request, offer received, consumer counter-offer, provider terminated", async (cn, dataset, offer) =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.SendCounterOfferAsync(offer, dataset).ConfigureAwait(false);
            await cn.ExpectTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:01-03", "Verify contract request, offer received, consumer accepted, provider agreement, consumer verified, provider finalized", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.AcceptAsync().ConfigureAwait(false);
            await cn.ExpectAgreementAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync().ConfigureAwait(false);
            await cn.ExpectFinalizedAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
        }),
        Cn("CN:01-04", "Verify contract request, provider agreement, consumer verified, provider finalized", async cn =>
        {
            await cn.ExpectAgreementAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync().ConfigureAwait(false);
            await cn.ExpectFinalizedAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
        }),
        Cn("CN:02-01", "Verify contract request, provider terminated", async cn =>
        {
            await cn.ExpectTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-02", "Verify contract request, consumer terminated", async cn =>
        {
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-03", "Verify contract request, provider agreement, consumer terminated", async cn =>
        {
            await cn.ExpectAgreementAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-04", "Verify contract request, offer received, consumer terminated", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-05", "Verify contract request, offer received, provider terminated", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.ExpectTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-06", "Verify contract request, offer received, consumer accepted, provider terminated", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.AcceptAsync().ConfigureAwait(false);
            await cn.ExpectTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:02-07", "Verify contract request, provider agreement, consumer verified, provider terminated", async cn =>
        {
            await cn.ExpectAgreementAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync().ConfigureAwait(false);
            await cn.ExpectTerminationAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Cn("CN:03-01", "Verify contract request, provider agreement, consumer verified, provider finalized, invalid consumer terminated", async cn =>
        {
            await cn.ExpectAgreementAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync().ConfigureAwait(false);
            await cn.ExpectFinalizedAsync().ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
            await cn.SendTerminationAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
        }),
        Cn("CN:03-02", "Verify contract request, offer received, invalid consumer verified", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("OFFERED").ConfigureAwait(false);
        }),
        Cn("CN:03-03", "Verify contract request, offer received, consumer accepted, illegal consumer verified", async cn =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.AcceptAsync().ConfigureAwait(false);
            await cn.SendVerifiedAsync(expectError: true).ConfigureAwait(false);
        }),
        Cn("CN:03-04", "Verify contract request, offer received, consumer counter-offer (x2), provider terminated", async (cn, dataset, offer) =>
        {
            await cn.ExpectOfferAsync().ConfigureAwait(false);
            await cn.SendCounterOfferAsync(offer, dataset).ConfigureAwait(false);
            await cn.SendCounterOfferAsync(offer, dataset, expectError: true).ConfigureAwait(false);
            await cn.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
        }),
    ];

    private static DspCheck Cn(string id, string name, Func<ProviderNegotiation, Task> steps) => Cn(id, name, (cn, _, _) => steps(cn));

    private static DspCheck Cn(string id, string name, Func<ProviderNegotiation, string, string, Task> steps) =>
        new(id, name,
            $"As provider, the target follows the TCK's flow '{name}' for dataset {KeyPrefix(id)}_DATASETID and offer {KeyPrefix(id)}_OFFERID: " +
            "each message it sends arrives in order, echoes both process ids, and its negotiation ends in the expected state; illegal messages are refused with a 4xx.",
            async (party, ct) =>
            {
                var dataset = party.Fixture(KeyPrefix(id) + "_DATASETID");
                var offer = party.Fixture(KeyPrefix(id) + "_OFFERID");
                var cn = new ProviderNegotiation(party, ct);
                await cn.SendRequestAsync(dataset, offer).ConfigureAwait(false);
                await steps(cn, dataset, offer).ConfigureAwait(false);
            });
}
