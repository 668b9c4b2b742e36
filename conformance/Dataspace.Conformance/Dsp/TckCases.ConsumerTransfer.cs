namespace Dataspace.Conformance;

internal static partial class TckCases
{
    /// <summary>
    /// The transfer process consumer cases: the target, triggered through its transfer initiate URL under the fixture's
    /// pre-agreed agreement, requests a transfer from the suite as provider. TP_C:02-04 is disabled in the TCK and not run.
    /// </summary>
    private static IEnumerable<ConformanceCheck> ConsumerTransfer() =>
    [
        TpC("TP_C:01-01", "Verify transfer request, provider started, provider terminated", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:01-02", "Verify transfer request, provider started, provider completed", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendCompletionAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        TpC("TP_C:01-03", "Verify transfer request, provider started, provider suspended, provider terminated", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("SUSPENDED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:01-04", "Verify transfer request, provider started, provider suspended, provider started, provider completed", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("SUSPENDED").ConfigureAwait(false);
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendCompletionAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        TpC("TP_C:01-05", "Verify transfer request, provider terminated", async tp =>
        {
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:02-01", "Verify transfer request, provider started, consumer terminated", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.ExpectAsync("termination", "TransferTerminationMessage").ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:02-02", "Verify transfer request, provider started, consumer completed", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.ExpectAsync("completion", "TransferCompletionMessage").ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("COMPLETED").ConfigureAwait(false);
        }),
        TpC("TP_C:02-03", "Verify transfer request, provider started, consumer suspended, consumer terminated", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.ExpectAsync("suspension", "TransferSuspensionMessage").ConfigureAwait(false);
            await tp.ExpectAsync("termination", "TransferTerminationMessage").ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:02-05", "Verify transfer request, consumer terminated", async tp =>
        {
            await tp.ExpectAsync("termination", "TransferTerminationMessage").ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-01", "Verify transfer request, provider completed", async tp =>
        {
            await tp.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-02", "Verify transfer request, provider suspended", async tp =>
        {
            await tp.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-03", "Verify transfer request, provider started, provider suspended, provider completed", async tp =>
        {
            await tp.VerifyConsumerStateAsync("REQUESTED").ConfigureAwait(false);
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendSuspensionAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("SUSPENDED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("SUSPENDED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-04", "Verify transfer request, provider started, provider terminated, provider started", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendStartedAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-05", "Verify transfer request, provider started, provider terminated, provider suspended", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendSuspensionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
        TpC("TP_C:03-06", "Verify transfer request, provider started, provider terminated, provider completed", async tp =>
        {
            await tp.SendStartedAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("STARTED").ConfigureAwait(false);
            await tp.SendTerminationAsync().ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
            await tp.SendCompletionAsync(expectError: true).ConfigureAwait(false);
            await tp.VerifyConsumerStateAsync("TERMINATED").ConfigureAwait(false);
        }),
    ];

    private static DspCheck TpC(string id, string name, Func<ConsumerTransfer, Task> steps) =>
        new(id, name,
            $"As consumer, triggered under agreement {KeyPrefix(id)}_AGREEMENTID with format {KeyPrefix(id)}_FORMAT, the target follows the TCK's flow '{name}' " +
            "with the suite as provider: its messages echo both process ids, its transfer ends in the expected state, and illegal provider messages are refused with a 4xx.",
            async (party, ct) =>
            {
                var tp = new ConsumerTransfer(party, ct);
                await tp.InitiateRequestAsync(party.Fixture(KeyPrefix(id) + "_AGREEMENTID"), party.Fixture(KeyPrefix(id) + "_FORMAT")).ConfigureAwait(false);
                await steps(tp).ConfigureAwait(false);
            });
}
