using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// Processes the suite creates on the target before sending it bad input, and whose states it reads back afterwards:
/// a FINALIZED and a REQUESTED negotiation, a COMPLETED and a REQUESTED transfer (the TCK fixtures of CN:01-04,
/// CN:02-02, TP:01-02 and TP:02-05, whose providers finish or wait as the flows need).
/// </summary>
internal sealed class ObservedProcesses
{
    private ObservedProcesses(ProviderNegotiation finalized, ProviderNegotiation requested, ProviderTransfer completed, ProviderTransfer waiting)
    {
        FinalizedNegotiation = finalized;
        RequestedNegotiation = requested;
        CompletedTransfer = completed;
        RequestedTransfer = waiting;
    }

    public ProviderNegotiation FinalizedNegotiation { get; }

    public ProviderNegotiation RequestedNegotiation { get; }

    public ProviderTransfer CompletedTransfer { get; }

    public ProviderTransfer RequestedTransfer { get; }

    public static async Task<ObservedProcesses> CreateAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var configuration = party.Context.Configuration;
        var finalized = new ProviderNegotiation(party, cancellationToken);
        await finalized.SendRequestAsync(configuration.Get("CN_01_04_DATASETID"), configuration.Get("CN_01_04_OFFERID")).ConfigureAwait(false);
        await finalized.ExpectAgreementAsync().ConfigureAwait(false);
        await finalized.SendVerifiedAsync().ConfigureAwait(false);
        await finalized.ExpectFinalizedAsync().ConfigureAwait(false);

        var requested = new ProviderNegotiation(party, cancellationToken);
        await requested.SendRequestAsync(configuration.Get("CN_02_02_DATASETID"), configuration.Get("CN_02_02_OFFERID")).ConfigureAwait(false);

        var completed = new ProviderTransfer(party, cancellationToken);
        await completed.SendTransferRequestAsync(configuration.Get("TP_01_02_AGREEMENTID"), configuration.Get("TP_01_02_FORMAT")).ConfigureAwait(false);
        await completed.ExpectStartAsync().ConfigureAwait(false);
        await completed.ExpectCompletionAsync().ConfigureAwait(false);

        var waiting = new ProviderTransfer(party, cancellationToken);
        await waiting.SendTransferRequestAsync(configuration.Get("TP_02_05_AGREEMENTID"), configuration.Get("TP_02_05_FORMAT")).ConfigureAwait(false);

        var processes = new ObservedProcesses(finalized, requested, completed, waiting);
        await processes.VerifyUnchangedAsync("before the bad input").ConfigureAwait(false);
        return processes;
    }

    /// <summary>Reads every process back; a changed state is a violation naming the process, its state and when.</summary>
    public async Task VerifyUnchangedAsync(string when)
    {
        try
        {
            await FinalizedNegotiation.VerifyProviderStateAsync("FINALIZED").ConfigureAwait(false);
            await RequestedNegotiation.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
            await CompletedTransfer.VerifyProviderStateAsync("COMPLETED").ConfigureAwait(false);
            await RequestedTransfer.VerifyProviderStateAsync("REQUESTED").ConfigureAwait(false);
        }
        catch (ConformanceException e)
        {
            throw new ConformanceException($"state changed {when}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Valid messages for every provider endpoint, addressed to the observed processes. Only the finished processes
    /// (every message illegal there) take mutations that may stay valid; the waiting ones only take broken messages.
    /// </summary>
    public IEnumerable<(string Path, JsonObject Message)> Targets(DspCounterParty party, bool includeWaiting)
    {
        var configuration = party.Context.Configuration;
        yield return ("/catalog/request", DspMessages.CatalogRequest());
        yield return ("/negotiations/request", DspMessages.ContractRequest("urn:uuid:" + Guid.NewGuid(), configuration.Get("CN_02_02_OFFERID"), configuration.Get("CN_02_02_DATASETID"), party.CallbackAddress));
        yield return ("/transfers/request", DspMessages.TransferRequest("urn:uuid:" + Guid.NewGuid(), configuration.Get("TP_02_05_AGREEMENTID"), configuration.Get("TP_02_05_FORMAT"), party.CallbackAddress));
        foreach (var cn in includeWaiting ? new[] { FinalizedNegotiation, RequestedNegotiation } : [FinalizedNegotiation])
        {
            var (p, c) = (cn.ProviderPid, cn.ConsumerPid);
            yield return ($"/negotiations/{p}/request", DspMessages.CounterOffer(p, c, configuration.Get("CN_02_02_OFFERID"), configuration.Find(DspConfigurationKeys.AgentId) ?? "", party.ParticipantId, configuration.Get("CN_02_02_DATASETID")));
            yield return ($"/negotiations/{p}/events", DspMessages.Event(p, c, "ACCEPTED"));
            yield return ($"/negotiations/{p}/agreement/verification", DspMessages.Verification(p, c));
            yield return ($"/negotiations/{p}/termination", DspMessages.NegotiationTermination(p, c));
        }

        foreach (var tp in includeWaiting ? new[] { CompletedTransfer, RequestedTransfer } : [CompletedTransfer])
        {
            var (p, c) = (tp.ProviderPid, tp.ConsumerPid);
            yield return ($"/transfers/{p}/start", DspMessages.Transfer("TransferStartMessage", p, c));
            yield return ($"/transfers/{p}/completion", DspMessages.Transfer("TransferCompletionMessage", p, c));
            yield return ($"/transfers/{p}/suspension", DspMessages.Transfer("TransferSuspensionMessage", p, c));
            yield return ($"/transfers/{p}/termination", DspMessages.Transfer("TransferTerminationMessage", p, c));
        }
    }
}
