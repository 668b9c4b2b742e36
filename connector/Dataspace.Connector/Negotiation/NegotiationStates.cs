namespace Dataspace.Connector.Negotiation;

/// <summary>The DSP names of negotiation states.</summary>
public static class NegotiationStates
{
    /// <summary>The state's name on the wire, e.g. <c>REQUESTED</c>.</summary>
    public static string ToDsp(this NegotiationState state) => state.ToString().ToUpperInvariant();

    /// <summary>Whether the negotiation has ended.</summary>
    public static bool IsTerminal(this NegotiationState state) => state is NegotiationState.Finalized or NegotiationState.Terminated;

    /// <summary>Every state in which the negotiation has ended (those <see cref="IsTerminal"/> holds for).</summary>
    public static IReadOnlyCollection<NegotiationState> Terminal { get; } = [.. Enum.GetValues<NegotiationState>().Where(IsTerminal)];
}
