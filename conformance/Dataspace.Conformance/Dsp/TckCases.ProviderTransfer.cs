namespace Dataspace.Conformance;

internal static partial class TckCases
{
    /// <summary>The transfer process provider cases: the suite is the consumer under the fixture's pre-agreed agreement and format.</summary>
    private static IEnumerable<ConformanceCheck> ProviderTransfer() =>
    [
        Tp("TP:01-01", "Verify transfer request, provider started, provider terminated", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.ExpectTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:01-02", "Verify transfer request, provider started, provider completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.ExpectCompletionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        Tp("TP:01-03", "Verify transfer request, provider started, provider suspended, provider terminated", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.ExpectSuspensionAsync().ConfigureAwait(false);
            await tp.ExpectTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:01-04", "Verify transfer request, provider started, provider suspended, provider started, provider completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.ExpectSuspensionAsync().ConfigureAwait(false);
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.ExpectCompletionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        Tp("TP:01-05", "Verify transfer request, provider terminated", async tp =>
        {
            await tp.ExpectTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:02-01", "Verify transfer request, provider started, consumer terminated", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:02-02", "Verify transfer request, provider started, consumer completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendCompletionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        Tp("TP:02-03", "Verify transfer request, provider started, consumer suspended, consumer terminated", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("SUSPENDED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:02-04", "Verify transfer request, provider started, consumer suspended, consumer started, consumer completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("SUSPENDED").ConfigureAwait(false);
            // The consumer resumes: the provider's 200 is the acknowledgement (DSP 2025-1, transfer process state machine);
            // it need not send a TransferStartMessage of its own, and the official TCK does not wait for one either.
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendCompletionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        Tp("TP:02-05", "Verify transfer request, consumer terminated", async tp =>
        {
            await tp.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:03-01", "Verify transfer request, consumer completed", async tp =>
        {
            await tp.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
        }),
        Tp("TP:03-02", "Verify transfer request, consumer suspended", async tp =>
        {
            await tp.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
        }),
        Tp("TP:03-03", "Verify transfer request, provider started, consumer suspended, consumer completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("SUSPENDED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("SUSPENDED").ConfigureAwait(false);
        }),
        Tp("TP:03-04", "Verify transfer request, provider started, consumer terminated, consumer started", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendStartedAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:03-05", "Verify transfer request, provider started, consumer terminated, consumer suspended", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendSuspensionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        Tp("TP:03-06", "Verify transfer request, provider started, consumer terminated, consumer completed", async tp =>
        {
            await tp.ExpectStartAsync().ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyProviderStateAsync("TERMINATED").ConfigureAwait(false);
        }),
    ];

    private static DspCheck Tp(string id, string name, Func<ProviderTransfer, Task> steps) =>
        new(id, name,
            $"As provider, under agreement {KeyPrefix(id)}_AGREEMENTID with format {KeyPrefix(id)}_FORMAT, the target follows the TCK's flow '{name}': " +
            "its messages arrive in order and echo both process ids, its transfer ends in the expected state, and illegal consumer messages are refused with a 4xx.",
            async (party, ct) =>
            {
                var tp = new ProviderTransfer(party, ct);
                await tp.SendTransferRequestAsync(party.Fixture(KeyPrefix(id) + "_AGREEMENTID"), party.Fixture(KeyPrefix(id) + "_FORMAT")).ConfigureAwait(false);
                await steps(tp).ConfigureAwait(false);
            });
}
