namespace Dataspace.Connector.Transfer;

/// <summary>The DSP names of transfer states.</summary>
public static class TransferStates
{
    /// <summary>The state's name on the wire, e.g. <c>STARTED</c>.</summary>
    public static string ToDsp(this TransferState state) => state.ToString().ToUpperInvariant();

    /// <summary>Whether the transfer has ended.</summary>
    public static bool IsTerminal(this TransferState state) => state is TransferState.Completed or TransferState.Terminated;

    /// <summary>Every state in which the transfer has ended (those <see cref="IsTerminal"/> holds for).</summary>
    public static IReadOnlyCollection<TransferState> Terminal { get; } = [.. Enum.GetValues<TransferState>().Where(IsTerminal)];
}
