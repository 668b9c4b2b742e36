using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// A walk through every kind of message the target sends, for the suite's own message checks: version document,
/// catalog, dataset, a negotiation and a transfer as provider, the same as consumer (through the triggers), and the
/// errors for an unknown dataset, an unknown process and an illegal message. Uses the TCK fixtures of happy-path cases.
/// </summary>
internal static class DspTour
{
    public static async Task<IReadOnlyList<TargetMessage>> RunAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var configuration = party.Context.Configuration;
        await party.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        await party.PostAsync("/catalog/request", DspMessages.CatalogRequest(), false, cancellationToken).ConfigureAwait(false);
        await party.GetAsync($"/catalog/datasets/{configuration.Get("CAT_01_02_DATASETID")}", cancellationToken).ConfigureAwait(false);
        await party.GetAsync($"/catalog/datasets/{configuration.Get("CAT_01_03_DATASETID")}", cancellationToken).ConfigureAwait(false);

        // CN:01-04's flow and CN:03-01's refused termination: agreement, finalization and a negotiation error.
        var cn = new ProviderNegotiation(party, cancellationToken);
        await cn.SendRequestAsync(configuration.Get("CN_01_04_DATASETID"), configuration.Get("CN_01_04_OFFERID")).ConfigureAwait(false);
        await cn.ExpectAgreementAsync().ConfigureAwait(false);
        await cn.SendVerifiedAsync().ConfigureAwait(false);
        await cn.ExpectFinalizedAsync().ConfigureAwait(false);
        await cn.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
        await cn.SendTerminationAsync(expectError: true).ConfigureAwait(false);

        // CN:01-01's offer.
        var offered = new ProviderNegotiation(party, cancellationToken);
        await offered.SendRequestAsync(configuration.Get("CN_01_01_DATASETID"), configuration.Get("CN_01_01_OFFERID")).ConfigureAwait(false);
        await offered.ExpectOfferAsync().ConfigureAwait(false);
        await offered.SendTerminationAsync().ConfigureAwait(false);

        // TP:01-02's flow: start and completion, then a refused message (a transfer error).
        var tp = new ProviderTransfer(party, cancellationToken);
        await tp.SendTransferRequestAsync(configuration.Get("TP_01_02_AGREEMENTID"), configuration.Get("TP_01_02_FORMAT")).ConfigureAwait(false);
        await tp.ExpectStartAsync().ConfigureAwait(false);
        await tp.ExpectCompletionAsync().ConfigureAwait(false);
        await tp.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
        await tp.SendStartedAsync(expectError: true).ConfigureAwait(false);

        await party.GetAsync($"/negotiations/urn:uuid:{Guid.NewGuid()}", cancellationToken).ConfigureAwait(false);
        await party.GetAsync($"/transfers/urn:uuid:{Guid.NewGuid()}", cancellationToken).ConfigureAwait(false);

        // As consumer: CN_C:01-01's request, acceptance and verification; TP_C:01-02's transfer request.
        var consumer = new ConsumerNegotiation(party, cancellationToken);
        await consumer.InitiateRequestAsync(configuration.Get("CN_C_01_01_DATASETID")).ConfigureAwait(false);
        await consumer.SendOfferAsync().ConfigureAwait(false);
        await consumer.ExpectAcceptedAsync().ConfigureAwait(false);
        await consumer.SendAgreementAsync().ConfigureAwait(false);
        await consumer.ExpectVerificationAsync().ConfigureAwait(false);
        await consumer.SendFinalizedAsync().ConfigureAwait(false);
        await consumer.VerifyConsumerStateAsync("FINALIZED").ConfigureAwait(false);

        var transfer = new ConsumerTransfer(party, cancellationToken);
        await transfer.InitiateRequestAsync(configuration.Get("TP_C_01_02_AGREEMENTID"), configuration.Get("TP_C_01_02_FORMAT")).ConfigureAwait(false);
        await transfer.SendStartedAsync().ConfigureAwait(false);
        await transfer.SendCompletionAsync().ConfigureAwait(false);
        await transfer.VerifyConsumerStateAsync("COMPLETED").ConfigureAwait(false);
        return party.TargetMessages;
    }

    /// <summary>Checks each message; throws one violation listing every message that failed, with why.</summary>
    public static void Require(IReadOnlyList<TargetMessage> messages, string rule, Func<TargetMessage, IEnumerable<string>> violations)
    {
        var failures = messages
            .Select(m => (Message: m, Problems: violations(m).ToList()))
            .Where(f => f.Problems.Count > 0)
            .Select(f => $"{f.Message.Source}{(f.Message.Status is { } s ? $" ({s})" : "")}: {string.Join("; ", f.Problems.Take(5))}")
            .ToList();
        Expect.That(failures.Count == 0, $"{failures.Count} of {messages.Count} messages from the target break the rule that {rule}: {string.Join(" | ", failures.Take(8))}");
    }

    /// <summary>The message as a JSON object, or null when the target's body was not one (reported by the schema check).</summary>
    public static JsonObject? AsObject(TargetMessage message) => message.Body as JsonObject;
}
