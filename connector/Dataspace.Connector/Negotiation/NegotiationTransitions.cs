using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using static Dataspace.Connector.Negotiation.NegotiationMessageKind;
using static Dataspace.Sdk.Storage.NegotiationState;

namespace Dataspace.Connector.Negotiation;

/// <summary>The DSP 2025-1 contract negotiation state machine, as one table (both roles use it: the sender is the party that sends the message).</summary>
internal static class NegotiationTransitions
{
    private static readonly ProcessRole[] Consumer = [ProcessRole.Consumer];
    private static readonly ProcessRole[] Provider = [ProcessRole.Provider];
    private static readonly ProcessRole[] Either = [ProcessRole.Consumer, ProcessRole.Provider];

    /// <summary>The table.</summary>
    public static ProcessTransitions<NegotiationState, NegotiationMessageKind> Table { get; } =
        new ProcessTransitions<NegotiationState, NegotiationMessageKind>.Builder(s => s.ToDsp())
            .Starts(Request, ProcessRole.Consumer, Requested)
            .Starts(Offer, ProcessRole.Provider, Offered)
            .Moves(Request, Consumer, [Offered], Requested)
            .Moves(Offer, Provider, [Requested], Offered)
            // The provider's offer sent again (its outbox retrying after a lost answer) while we still consider it.
            .Repeats(Offer, Provider, Offered)
            .Moves(NegotiationMessageKind.Accepted, Consumer, [Offered], NegotiationState.Accepted)
            .Repeats(NegotiationMessageKind.Accepted, Consumer, NegotiationState.Accepted)
            .Moves(Agreement, Provider, [Requested, NegotiationState.Accepted], Agreed)
            // The agreement resent after we verified it, or after it was finalized: the negotiation succeeded.
            .Repeats(Agreement, Provider, Agreed, Verified, NegotiationState.Finalized)
            .Moves(Verification, Consumer, [Agreed], Verified)
            .Repeats(Verification, Consumer, Verified, NegotiationState.Finalized)
            .Moves(NegotiationMessageKind.Finalized, Provider, [Verified], NegotiationState.Finalized)
            .Repeats(NegotiationMessageKind.Finalized, Provider, NegotiationState.Finalized)
            .Moves(Termination, Either, [Requested, Offered, NegotiationState.Accepted, Agreed, Verified], Terminated)
            .Repeats(Termination, Either, Terminated)
            .Build();

    /// <summary>What a message from the counter-party does to our process <paramref name="record"/>.</summary>
    public static Transition<NegotiationState> Incoming(ContractNegotiationRecord record, NegotiationMessageKind message) =>
        Table.Find(record.State, message, record.Role.CounterParty());

    /// <summary>The message's name in errors: its DSP @type, or the event it carries.</summary>
    public static string NameOf(NegotiationMessageKind message) => message switch
    {
        Request => ContractRequestMessage.TypeName,
        Offer => ContractOfferMessage.TypeName,
        NegotiationMessageKind.Accepted => "ACCEPTED event",
        Agreement => ContractAgreementMessage.TypeName,
        Verification => ContractAgreementVerificationMessage.TypeName,
        NegotiationMessageKind.Finalized => "FINALIZED event",
        _ => ContractNegotiationTerminationMessage.TypeName,
    };
}
