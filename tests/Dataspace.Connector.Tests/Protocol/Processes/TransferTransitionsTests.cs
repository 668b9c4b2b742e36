using Dataspace.Connector.Protocol.Processes;
using Dataspace.Connector.Transfer;
using static Dataspace.Connector.Transfer.TransferMessageKind;
using C = Dataspace.Sdk.Storage.ProcessRole;
using S = Dataspace.Sdk.Storage.TransferState;

namespace Dataspace.Connector.Tests.Protocol.Processes;

/// <summary>
/// Checks <see cref="TransferTransitions"/> against the DSP 2025-1 transfer process state machine
/// (transfer.process.protocol.md and its HTTPS binding: states, each message's "Sent by" and "Resulting state", the
/// consumer's start of a suspended transfer), written out here independently of the table, for every (state, message, sender).
/// </summary>
public sealed class TransferTransitionsTests
{
    private static readonly C[] Both = [C.Consumer, C.Provider];

    private static readonly (S? From, TransferMessageKind Message, C Sender, S To)[] SpecEdges =
    [
        (null, Request, C.Consumer, S.Requested),
        (S.Requested, Start, C.Provider, S.Started),
        (S.Suspended, Start, C.Provider, S.Started),
        // Binding: "The Consumer can POST a Transfer Start Message to attempt to start a Transfer Process after it has been suspended".
        (S.Suspended, Start, C.Consumer, S.Started),
        .. Both.Select(c => ((S?)S.Started, Suspension, c, S.Suspended)),
        .. Both.Select(c => ((S?)S.Started, Completion, c, S.Completed)),
        // "at any point except a terminal state"
        .. new[] { S.Requested, S.Started, S.Suspended }.SelectMany(s => Both.Select(c => ((S?)s, Termination, c, S.Terminated))),
    ];

    // The process already where the message leads: the peer sent it again after a lost answer.
    private static readonly (S State, TransferMessageKind Message, C Sender)[] Repeats =
    [
        .. Both.Select(c => (S.Started, Start, c)),
        .. Both.Select(c => (S.Suspended, Suspension, c)),
        .. Both.Select(c => (S.Completed, Completion, c)),
        .. Both.Select(c => (S.Terminated, Termination, c)),
    ];

    public static TheoryData<S?, TransferMessageKind, C> AllCombinations()
    {
        var data = new TheoryData<S?, TransferMessageKind, C>();
        foreach (var state in Enum.GetValues<S>().Select(s => (S?)s).Prepend(null))
        {
            foreach (var message in Enum.GetValues<TransferMessageKind>())
            {
                foreach (var sender in Both)
                {
                    data.Add(state, message, sender);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Find_EveryStateMessageAndSender_MatchesTheDspStateMachine(S? state, TransferMessageKind message, C sender)
    {
        var edge = SpecEdges.Where(e => e.From == state && e.Message == message && e.Sender == sender).Select(e => (S?)e.To).SingleOrDefault();
        var repeat = state is { } s && Repeats.Contains((s, message, sender));
        var expected = edge is { } to ? new Transition<S>(TransitionKind.Move, to)
            : repeat ? new Transition<S>(TransitionKind.Repeat, state!.Value)
            : default;

        Assert.Equal(expected, TransferTransitions.Table.Find(state, message, sender));
    }

    [Fact]
    public void Table_HasNoEntryOutsideTheSpec() =>
        Assert.Equal(SpecEdges.Length + Repeats.Length, TransferTransitions.Table.Entries.Count());

    [Fact]
    public void Find_RequestFromTheProvider_IsIllegalInEveryState() =>
        Assert.All(Enum.GetValues<S>().Select(s => (S?)s).Prepend(null), state => Assert.True(TransferTransitions.Table.Find(state, Request, C.Provider).IsIllegal));

    [Theory]
    [InlineData(S.Completed)]
    [InlineData(S.Terminated)]
    public void Find_TerminalState_NeverMoves(S terminal) =>
        Assert.DoesNotContain(TransferTransitions.Table.Entries, e => e.From == terminal && e.Transition.IsMove);

    [Theory]
    [InlineData(Start, C.Provider, "REQUESTED or SUSPENDED")]
    [InlineData(Start, C.Consumer, "SUSPENDED")]
    [InlineData(Completion, C.Consumer, "STARTED")]
    public void Expected_NamesTheStatesInWhichTheMessageMoves(TransferMessageKind message, C sender, string expected) =>
        Assert.Equal(expected, TransferTransitions.Table.Expected(message, sender));
}
