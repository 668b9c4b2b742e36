using Dataspace.Connector.Client;

namespace Dataspace.Portal.Components.Common;

/// <summary>
/// The protocol messages of a negotiation as far as its states show them: each state a negotiation reaches is announced by
/// one DSP message. States the portal saw carry the time it saw them; states passed between two looks carry none.
/// </summary>
public sealed class NegotiationTimeline
{
    private static readonly string[] Path =
    [
        NegotiationStates.Requested, NegotiationStates.Offered, NegotiationStates.Accepted,
        NegotiationStates.Agreed, NegotiationStates.Verified, NegotiationStates.Finalized,
    ];

    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private string _state = "";

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Entries { get; private set; } = [];

    /// <summary>Records what a look at the negotiation showed at <paramref name="now"/>.</summary>
    public void Observe(Negotiation negotiation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(negotiation);
        if (_seen.Count == 0)
        {
            _seen[NegotiationStates.Requested] = negotiation.CreatedAt;
        }

        _seen.TryAdd(negotiation.State, negotiation.State == NegotiationStates.Requested ? negotiation.CreatedAt : negotiation.UpdatedAt < now ? negotiation.UpdatedAt : now);
        _state = negotiation.State;
        Entries = Build(negotiation);
    }

    /// <summary>The DSP message that announces a negotiation's move into <paramref name="state"/>.</summary>
    public static string MessageFor(string state) => state switch
    {
        NegotiationStates.Requested => "ContractRequestMessage",
        NegotiationStates.Offered => "ContractOfferMessage",
        NegotiationStates.Accepted => "ContractNegotiationEventMessage (accepted)",
        NegotiationStates.Agreed => "ContractAgreementMessage",
        NegotiationStates.Verified => "ContractAgreementVerificationMessage",
        NegotiationStates.Finalized => "ContractNegotiationEventMessage (finalized)",
        NegotiationStates.Terminated => "ContractNegotiationTerminationMessage",
        _ => state,
    };

    private List<TimelineEntry> Build(Negotiation negotiation)
    {
        var entries = new List<TimelineEntry>();
        var reached = Array.IndexOf(Path, _state);
        foreach (var (state, index) in Path.Select((s, i) => (s, i)))
        {
            var seen = _seen.TryGetValue(state, out var at);
            // OFFERED and ACCEPTED are optional steps: show them only when seen; the others up to the current state always.
            var passed = reached >= 0 ? index <= reached : seen;
            if (seen || (passed && state is not (NegotiationStates.Offered or NegotiationStates.Accepted)))
            {
                entries.Add(new TimelineEntry(state, MessageFor(state), seen ? at : null, null));
            }
        }

        if (_state == NegotiationStates.Terminated)
        {
            entries.Add(new TimelineEntry(NegotiationStates.Terminated, MessageFor(NegotiationStates.Terminated), _seen[NegotiationStates.Terminated], negotiation.Error));
        }

        return entries;
    }
}

/// <summary>One protocol message on a timeline; <see cref="At"/> is null when the portal did not see the state it led to.</summary>
public sealed record TimelineEntry(string State, string Message, DateTimeOffset? At, string? Reason);
