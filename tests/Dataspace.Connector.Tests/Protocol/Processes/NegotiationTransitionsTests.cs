using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Sdk.Storage;
using static Dataspace.Connector.Negotiation.NegotiationMessageKind;
using C = Dataspace.Sdk.Storage.ProcessRole;
using S = Dataspace.Sdk.Storage.NegotiationState;

namespace Dataspace.Connector.Tests.Protocol.Processes;

/// <summary>
/// Checks <see cref="NegotiationTransitions"/> against the DSP 2025-1 contract negotiation state machine
/// (contract.negotiation.protocol.md: states, the state machine figure, and each message's "Sent by" and "Resulting state"),
/// written out here independently of the table, for every (state, message, sender) combination.
/// </summary>
public sealed class NegotiationTransitionsTests
{
    // The figure's edges: C marks a consumer message, P a provider message; null is "no negotiation yet".
    private static readonly (S? From, NegotiationMessageKind Message, C Sender, S To)[] SpecEdges =
    [
        (null, Request, C.Consumer, S.Requested),
        (null, Offer, C.Provider, S.Offered),
        (S.Requested, Offer, C.Provider, S.Offered),
        (S.Requested, Agreement, C.Provider, S.Agreed),
        (S.Offered, Request, C.Consumer, S.Requested),
        (S.Offered, NegotiationMessageKind.Accepted, C.Consumer, S.Accepted),
        (S.Accepted, Agreement, C.Provider, S.Agreed),
        (S.Agreed, Verification, C.Consumer, S.Verified),
        (S.Verified, NegotiationMessageKind.Finalized, C.Provider, S.Finalized),
        // "sent by the Provider or Consumer at any point except a terminal state"
        .. new[] { S.Requested, S.Offered, S.Accepted, S.Agreed, S.Verified }
            .SelectMany(s => new[] { (s, C.Consumer), (s, C.Provider) })
            .Select(x => ((S?)x.s, Termination, x.Item2, S.Terminated)),
    ];

    // A message that finds the process already where it leads (or past it, for the agreement and verification) was sent
    // again by a peer whose answer was lost: acknowledged as before.
    private static readonly (S State, NegotiationMessageKind Message, C Sender)[] Repeats =
    [
        (S.Offered, Offer, C.Provider),
        (S.Accepted, NegotiationMessageKind.Accepted, C.Consumer),
        (S.Agreed, Agreement, C.Provider),
        (S.Verified, Agreement, C.Provider),
        (S.Finalized, Agreement, C.Provider),
        (S.Verified, Verification, C.Consumer),
        (S.Finalized, Verification, C.Consumer),
        (S.Finalized, NegotiationMessageKind.Finalized, C.Provider),
        (S.Terminated, Termination, C.Consumer),
        (S.Terminated, Termination, C.Provider),
    ];

    public static TheoryData<S?, NegotiationMessageKind, C> AllCombinations()
    {
        var data = new TheoryData<S?, NegotiationMessageKind, C>();
        foreach (var state in Enum.GetValues<S>().Select(s => (S?)s).Prepend(null))
        {
            foreach (var message in Enum.GetValues<NegotiationMessageKind>())
            {
                foreach (var sender in Enum.GetValues<C>())
                {
                    data.Add(state, message, sender);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Find_EveryStateMessageAndSender_MatchesTheDspStateMachine(S? state, NegotiationMessageKind message, C sender)
    {
        var edge = SpecEdges.Where(e => e.From == state && e.Message == message && e.Sender == sender).Select(e => (S?)e.To).SingleOrDefault();
        var repeat = state is { } s && Repeats.Contains((s, message, sender));
        var expected = edge is { } to ? new Transition<S>(TransitionKind.Move, to)
            : repeat ? new Transition<S>(TransitionKind.Repeat, state!.Value)
            : default;

        Assert.Equal(expected, NegotiationTransitions.Table.Find(state, message, sender));
    }

    [Fact]
    public void Table_HasNoEntryOutsideTheSpec()
    {
        var entries = NegotiationTransitions.Table.Entries.ToList();
        Assert.Equal(SpecEdges.Length + Repeats.Length, entries.Count);
    }

    [Theory]
    [InlineData(Request, C.Consumer)]
    [InlineData(NegotiationMessageKind.Accepted, C.Consumer)]
    [InlineData(Verification, C.Consumer)]
    [InlineData(Offer, C.Provider)]
    [InlineData(Agreement, C.Provider)]
    [InlineData(NegotiationMessageKind.Finalized, C.Provider)]
    public void Find_MessageFromTheWrongParty_IsIllegalInEveryState(NegotiationMessageKind message, C onlySender)
    {
        var other = onlySender == C.Consumer ? C.Provider : C.Consumer;
        Assert.All(Enum.GetValues<S>().Select(s => (S?)s).Prepend(null), state => Assert.True(NegotiationTransitions.Table.Find(state, message, other).IsIllegal));
    }

    [Theory]
    [InlineData(S.Finalized)]
    [InlineData(S.Terminated)]
    public void Find_TerminalState_NeverMoves(S terminal) =>
        Assert.DoesNotContain(NegotiationTransitions.Table.Entries, e => e.From == terminal && e.Transition.IsMove);

    [Theory]
    [InlineData(Agreement, C.Provider, "REQUESTED or ACCEPTED")]
    [InlineData(Verification, C.Consumer, "AGREED")]
    [InlineData(Termination, C.Consumer, "REQUESTED, OFFERED, ACCEPTED, AGREED or VERIFIED")]
    public void Expected_NamesTheStatesInWhichTheMessageMoves(NegotiationMessageKind message, C sender, string expected) =>
        Assert.Equal(expected, NegotiationTransitions.Table.Expected(message, sender));
}
