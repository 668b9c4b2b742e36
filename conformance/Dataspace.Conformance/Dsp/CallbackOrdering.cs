namespace Dataspace.Conformance;

/// <summary>
/// DSP:03-01: the target sends no message about a process while the suite's own request that caused it is still
/// unanswered. DSP moves a process on "upon receipt and acknowledgement"; a peer that gets the agreement before the
/// 201 that names the provider's process cannot even tell which process it belongs to. The race is intermittent in a
/// connector that gets it wrong, so several copies of each flow run at once.
/// </summary>
internal static partial class CallbackOrdering
{
    public static ConformanceCheck Check() =>
        new DspCheck("DSP:03-01", "No callback before the answer to the request that caused it",
            $"Running several negotiations and transfers at once ({DspConfigurationKeys.OrderingConcurrency}, default 4, copies of the flows of CN:01-03, CN:01-04, TP:01-02 and CN_C:01-04), " +
            "no message the target sends about a process (offer, agreement, verification, finalization, start, completion) reaches the suite before the answer to the suite's request that caused it.",
            RunAsync);

    private static async Task RunAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var copies = party.Context.Configuration.GetInt(DspConfigurationKeys.OrderingConcurrency, 4);
        if (copies is < 1 or > 64)
        {
            throw new ConformanceConfigurationException($"configuration key '{DspConfigurationKeys.OrderingConcurrency}' must be between 1 and 64, not {copies}");
        }

        var fixture = party.Context.Configuration;
        var (offerDataset, offerId) = (fixture.Get("CN_01_03_DATASETID"), fixture.Get("CN_01_03_OFFERID"));
        var (agreeDataset, agreeOffer) = (fixture.Get("CN_01_04_DATASETID"), fixture.Get("CN_01_04_OFFERID"));
        var (agreement, format) = (fixture.Get("TP_01_02_AGREEMENTID"), fixture.Get("TP_01_02_FORMAT"));
        var consumerDataset = fixture.Get("CN_C_01_04_DATASETID");
        fixture.GetUrl(DspConfigurationKeys.NegotiationInitiateUrl);

        party.TrackOpenRequests = true;
        var flows = new List<Task>();
        for (var i = 0; i < copies; i++)
        {
            flows.Add(Task.Run(async () =>
            {
                var cn = new ProviderNegotiation(party, cancellationToken);
                await cn.SendRequestAsync(offerDataset, offerId).ConfigureAwait(false);
                await cn.ExpectOfferAsync().ConfigureAwait(false);
                await cn.AcceptAsync().ConfigureAwait(false);
                await cn.ExpectAgreementAsync().ConfigureAwait(false);
                await cn.SendVerifiedAsync().ConfigureAwait(false);
                await cn.ExpectFinalizedAsync().ConfigureAwait(false);
            }, cancellationToken));
            flows.Add(Task.Run(async () =>
            {
                var cn = new ProviderNegotiation(party, cancellationToken);
                await cn.SendRequestAsync(agreeDataset, agreeOffer).ConfigureAwait(false);
                await cn.ExpectAgreementAsync().ConfigureAwait(false);
                await cn.SendVerifiedAsync().ConfigureAwait(false);
                await cn.ExpectFinalizedAsync().ConfigureAwait(false);
            }, cancellationToken));
            flows.Add(Task.Run(async () =>
            {
                var tp = new ProviderTransfer(party, cancellationToken);
                await tp.SendTransferRequestAsync(agreement, format).ConfigureAwait(false);
                await tp.ExpectStartAsync().ConfigureAwait(false);
                await tp.ExpectCompletionAsync().ConfigureAwait(false);
            }, cancellationToken));
            flows.Add(Task.Run(async () =>
            {
                var cn = new ConsumerNegotiation(party, cancellationToken);
                await cn.InitiateRequestAsync(consumerDataset).ConfigureAwait(false);
                await cn.SendAgreementAsync().ConfigureAwait(false);
                await cn.ExpectVerificationAsync().ConfigureAwait(false);
                await cn.SendFinalizedAsync().ConfigureAwait(false);
            }, cancellationToken));
        }

        // Wait for every flow before judging: an ordering violation is the finding even when a flow also broke on it.
        try
        {
            await Task.WhenAll(flows).ConfigureAwait(false);
        }
        catch (ConformanceException) when (party.OrderingViolations.Count > 0)
        {
        }

        var violations = party.OrderingViolations;
        Expect.That(violations.Count == 0,
            $"{violations.Count} message(s) arrived before the answer to the request that caused them: {string.Join(" | ", OneOfEachKind(violations))}");
    }

    // One example per kind of violation (message and open request, whatever the process ids), in a stable order, so the
    // reason names every kind that occurred rather than whichever five came first.
    private static IEnumerable<string> OneOfEachKind(IEnumerable<string> violations) =>
        violations.DistinctBy(v => ProcessPaths().Replace(v, "/…"), StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(8);

    [System.Text.RegularExpressions.GeneratedRegex(@"/(negotiations|transfers)/[^/ )]+")]
    private static partial System.Text.RegularExpressions.Regex ProcessPaths();
}
