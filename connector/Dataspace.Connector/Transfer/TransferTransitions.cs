using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using static Dataspace.Connector.Transfer.TransferMessageKind;
using static Dataspace.Sdk.Storage.TransferState;

namespace Dataspace.Connector.Transfer;

/// <summary>The DSP 2025-1 transfer process state machine, as one table (both roles use it: the sender is the party that sends the message).</summary>
internal static class TransferTransitions
{
    private static readonly ProcessRole[] Consumer = [ProcessRole.Consumer];
    private static readonly ProcessRole[] Provider = [ProcessRole.Provider];
    private static readonly ProcessRole[] Either = [ProcessRole.Consumer, ProcessRole.Provider];

    /// <summary>The table.</summary>
    public static ProcessTransitions<TransferState, TransferMessageKind> Table { get; } =
        new ProcessTransitions<TransferState, TransferMessageKind>.Builder(s => s.ToDsp())
            .Starts(Request, ProcessRole.Consumer, Requested)
            .Moves(Start, Provider, [Requested, Suspended], Started)
            // The consumer asks to resume a suspended transfer (HTTPS binding: POST /transfers/:providerPid/start).
            .Moves(Start, Consumer, [Suspended], Started)
            .Repeats(Start, Either, Started)
            .Moves(Suspension, Either, [Started], Suspended)
            .Repeats(Suspension, Either, Suspended)
            .Moves(Completion, Either, [Started], Completed)
            .Repeats(Completion, Either, Completed)
            .Moves(Termination, Either, [Requested, Started, Suspended], Terminated)
            .Repeats(Termination, Either, Terminated)
            .Build();

    /// <summary>What a message from the counter-party does to our process <paramref name="record"/>.</summary>
    public static Transition<TransferState> Incoming(TransferProcessRecord record, TransferMessageKind message) =>
        Table.Find(record.State, message, record.Role.CounterParty());

    /// <summary>The message's DSP @type, for errors.</summary>
    public static string NameOf(TransferMessageKind message) => message switch
    {
        Request => TransferRequestMessage.TypeName,
        Start => TransferStartMessage.TypeName,
        Suspension => TransferSuspensionMessage.TypeName,
        Completion => TransferCompletionMessage.TypeName,
        _ => TransferTerminationMessage.TypeName,
    };
}
