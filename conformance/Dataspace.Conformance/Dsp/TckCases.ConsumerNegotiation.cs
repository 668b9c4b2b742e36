namespace Dataspace.Conformance;

internal static partial class TckCases
{
    /// <summary>
    /// The contract negotiation consumer cases: the target, triggered through its negotiation initiate URL, negotiates
    /// with the suite as provider for the fixture dataset.
    /// </summary>
    private static IEnumerable<ConformanceCheck> ConsumerNegotiation() =>
    [
        CnC("CN_C:01-01", "Verify contract request, offer received, consumer accepted, provider agreed, consumer verified, provider finalized", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAcceptedAsync().ConfigureAwait(false);
            await cn.SendAgreementAsync().ConfigureAwait(false);
            await cn.ExpectVerificationAsync().ConfigureAwait(false);
            await cn.SendFinalizedAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("FINALIZED").ConfigureAwait(false);
        }),
        CnC("CN_C:01-02", "Verify contract request, offer received, consumer counter-offer, provider terminated", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectCounterOfferAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:01-03", "Verify contract request, offer received, consumer terminated", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage").ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:01-04", "Verify contract request, provider agreement, consumer verified, provider finalized", async cn =>
        {
            await cn.SendAgreementAsync().ConfigureAwait(false);
            await cn.ExpectVerificationAsync().ConfigureAwait(false);
            await cn.SendFinalizedAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("FINALIZED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-01", "Verify contract request, provider terminated", async cn =>
        {
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-02", "Verify contract request, consumer terminated", async cn =>
        {
            await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage").ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-03", "Verify contract request, provider agreement, consumer terminated", async cn =>
        {
            await cn.SendAgreementAsync().ConfigureAwait(false);
            await cn.ExpectAsync("termination", "ContractNegotiationTerminationMessage").ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-04", "Verify contract request, offer received, provider terminated", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("OFFERED").ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-05", "Verify contract request, offer received, consumer accepted, provider terminated", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAcceptedAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:02-06", "Verify contract request, provider agreement, consumer verified, provider terminated", async cn =>
        {
            await cn.SendAgreementAsync().ConfigureAwait(false);
            await cn.ExpectVerificationAsync().ConfigureAwait(false);
            await cn.SendTerminationAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-01", "Verify contract request, invalid provider finalized", async cn =>
        {
            await cn.SendFinalizedAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-02", "Verify contract request, offer received, invalid provider agreed", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("OFFERED").ConfigureAwait(false);
            await cn.SendAgreementAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("OFFERED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-03", "Verify contract request, offer received, invalid provider finalized", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.SendFinalizedAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("OFFERED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-04", "Verify contract request, offer received, consumer accepted, invalid provider finalized", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAcceptedAsync().ConfigureAwait(false);
            await cn.SendFinalizedAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("ACCEPTED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-05", "Verify contract request, offer received, consumer accepted, invalid provider offer", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAcceptedAsync().ConfigureAwait(false);
            await cn.SendOfferAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("ACCEPTED").ConfigureAwait(false);
        }),
        CnC("CN_C:03-06", "Verify contract request, offer received, consumer accepted, provider agreed, invalid provider finalized", async cn =>
        {
            await cn.SendOfferAsync().ConfigureAwait(false);
            await cn.ExpectAcceptedAsync().ConfigureAwait(false);
            cn.RefuseVerification();
            await cn.SendAgreementAsync().ConfigureAwait(false);
            await cn.SendFinalizedAsync(expectError: true).ConfigureAwait(false);
            await cn.VerifyConsumerStateAsync("AGREED").ConfigureAwait(false);
        }),
    ];

    private static DspCheck CnC(string id, string name, Func<ConsumerNegotiation, Task> steps) =>
        new(id, name,
            $"As consumer, triggered for dataset {KeyPrefix(id)}_DATASETID, the target follows the TCK's flow '{name}' with the suite as provider: " +
            "its messages arrive in order and echo both process ids, its negotiation ends in the expected state, and illegal provider messages are refused with a 4xx.",
            async (party, ct) =>
            {
                var cn = new ConsumerNegotiation(party, ct);
                await cn.InitiateRequestAsync(party.Fixture(KeyPrefix(id) + "_DATASETID")).ConfigureAwait(false);
                await steps(cn).ConfigureAwait(false);
            });
}
