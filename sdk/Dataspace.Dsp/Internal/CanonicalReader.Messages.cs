using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Internal;

/// <summary>The protocol messages: one member loop for all, each message allowing the members its type-scoped context defines.</summary>
internal ref partial struct CanonicalReader
{
    private bool ReadContractRequest(out ContractRequestMessage? message) => ReadMessage(
        "ContractRequestMessage"u8, Members.ProviderPid | Members.ConsumerPid | Members.Offer | Members.CallbackAddress, Members.ConsumerPid | Members.Offer,
        static m => new ContractRequestMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid!, Offer = m.Policy!, CallbackAddress = m.CallbackAddress }, out message);

    private bool ReadContractOffer(out ContractOfferMessage? message) => ReadMessage(
        "ContractOfferMessage"u8, Members.ProviderPid | Members.ConsumerPid | Members.Offer | Members.CallbackAddress, Members.ProviderPid | Members.Offer,
        static m => new ContractOfferMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid, Offer = m.Policy!, CallbackAddress = m.CallbackAddress }, out message);

    // The agreement message's context defines no callbackAddress (compaction drops it).
    private bool ReadContractAgreement(out ContractAgreementMessage? message) => ReadMessage(
        "ContractAgreementMessage"u8, Members.Pids | Members.Agreement | Members.Timestamp, Members.Pids | Members.Agreement,
        static m => new ContractAgreementMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Agreement = m.Policy!, Timestamp = m.Timestamp }, out message);

    private bool ReadContractAgreementVerification(out ContractAgreementVerificationMessage? message) => ReadMessage(
        "ContractAgreementVerificationMessage"u8, Members.Pids, Members.Pids,
        static m => new ContractAgreementVerificationMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid! }, out message);

    private bool ReadContractNegotiationEvent(out ContractNegotiationEventMessage? message) => ReadMessage(
        "ContractNegotiationEventMessage"u8, Members.Pids | Members.EventType, Members.Pids | Members.EventType,
        static m => new ContractNegotiationEventMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, EventType = m.EventType! }, out message);

    private bool ReadContractNegotiationTermination(out ContractNegotiationTerminationMessage? message) => ReadMessage(
        "ContractNegotiationTerminationMessage"u8, Members.Pids | Members.CodeAndReason, Members.Pids,
        static m => new ContractNegotiationTerminationMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Code = m.Code, Reason = m.Reason }, out message);

    private bool ReadContractNegotiation(out ContractNegotiation? message) => ReadMessage(
        "ContractNegotiation"u8, Members.Pids | Members.State, Members.Pids | Members.State,
        static m => new ContractNegotiation { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, State = m.State! }, out message);

    private bool ReadContractNegotiationError(out ContractNegotiationError? message) => ReadMessage(
        "ContractNegotiationError"u8, Members.Pids | Members.CodeAndReason, Members.Pids,
        static m => new ContractNegotiationError { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Code = m.Code, Reason = m.Reason }, out message);

    private bool ReadTransferRequest(out TransferRequestMessage? message) => ReadMessage(
        "TransferRequestMessage"u8, Members.ConsumerPid | Members.AgreementId | Members.Format | Members.DataAddress | Members.CallbackAddress, Members.ConsumerPid | Members.AgreementId | Members.Format,
        static m => new TransferRequestMessage { ConsumerPid = m.ConsumerPid!, AgreementId = m.AgreementId!, Format = m.Format!, DataAddress = m.DataAddress, CallbackAddress = m.CallbackAddress }, out message);

    private bool ReadTransferStart(out TransferStartMessage? message) => ReadMessage(
        "TransferStartMessage"u8, Members.Pids | Members.DataAddress, Members.Pids,
        static m => new TransferStartMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, DataAddress = m.DataAddress }, out message);

    private bool ReadTransferCompletion(out TransferCompletionMessage? message) => ReadMessage(
        "TransferCompletionMessage"u8, Members.Pids, Members.Pids,
        static m => new TransferCompletionMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid! }, out message);

    private bool ReadTransferSuspension(out TransferSuspensionMessage? message) => ReadMessage(
        "TransferSuspensionMessage"u8, Members.Pids | Members.CodeAndReason, Members.Pids,
        static m => new TransferSuspensionMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Code = m.Code, Reason = m.Reason }, out message);

    private bool ReadTransferTermination(out TransferTerminationMessage? message) => ReadMessage(
        "TransferTerminationMessage"u8, Members.Pids | Members.CodeAndReason, Members.Pids,
        static m => new TransferTerminationMessage { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Code = m.Code, Reason = m.Reason }, out message);

    private bool ReadTransferProcess(out TransferProcess? message) => ReadMessage(
        "TransferProcess"u8, Members.Pids | Members.State, Members.Pids | Members.State,
        static m => new TransferProcess { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, State = m.State! }, out message);

    // TransferError's context maps the process ids as plain strings, not as @id.
    private bool ReadTransferError(out TransferError? message) => ReadMessage(
        "TransferError"u8, Members.Pids | Members.LiteralPids | Members.CodeAndReason, Members.Pids,
        static m => new TransferError { ProviderPid = m.ProviderPid!, ConsumerPid = m.ConsumerPid!, Code = m.Code, Reason = m.Reason }, out message);

    private bool ReadCatalogRequest(out CatalogRequestMessage? message) =>
        ReadMessage("CatalogRequestMessage"u8, Members.Filter, Members.None, static m => new CatalogRequestMessage { Filter = m.Reason }, out message);

    private bool ReadDatasetRequest(out DatasetRequestMessage? message) =>
        ReadMessage("DatasetRequestMessage"u8, Members.Dataset, Members.Dataset, static m => new DatasetRequestMessage { Dataset = m.Dataset! }, out message);

    private bool ReadCatalogError(out CatalogError? message) =>
        ReadMessage("CatalogError"u8, Members.CodeAndReason, Members.None, static m => new CatalogError { Code = m.Code, Reason = m.Reason }, out message);

    /// <summary>Reads a message with the <paramref name="allowed"/> members, of which the <paramref name="required"/> ones must be there.</summary>
    private bool ReadMessage<T>(ReadOnlySpan<byte> type, Members allowed, Members required, Func<MessageMembers, T> create, out T? message)
        where T : class
    {
        message = ReadMembers(type, allowed, out var members) && Allows(members.Present, required) ? create(members) : null;
        return message is not null;
    }

    /// <summary>Reads the members of a top-level message object, accepting only <paramref name="allowed"/> ones, each once.</summary>
    private bool ReadMembers(ReadOnlySpan<byte> type, Members allowed, out MessageMembers m)
    {
        m = default;
        var header = default(Header);
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.ProviderPid => Allows(allowed, Members.ProviderPid) && ReadPid(ref m.ProviderPid, allowed),
                Term.ConsumerPid => Allows(allowed, Members.ConsumerPid) && ReadPid(ref m.ConsumerPid, allowed),
                Term.CallbackAddress => Allows(allowed, Members.CallbackAddress) && ReadLiteral(ref m.CallbackAddress),
                Term.Offer => Allows(allowed, Members.Offer) && ReadObject(ref m.Policy, ReadOffer),
                Term.Agreement => Allows(allowed, Members.Agreement) && ReadObject(ref m.Policy, ReadAgreement),
                Term.Timestamp => Allows(allowed, Members.Timestamp) && ReadLiteral(ref m.Timestamp),
                Term.Code => Allows(allowed, Members.CodeAndReason) && ReadLiteral(ref m.Code),
                Term.Reason => Allows(allowed, Members.CodeAndReason) && ReadLiteralSet(ref m.Reason),
                Term.Filter => Allows(allowed, Members.Filter) && ReadLiteralSet(ref m.Reason),
                Term.State => Allows(allowed, Members.State) && ReadIdentifier(ref m.State),
                Term.EventType => Allows(allowed, Members.EventType) && ReadIdentifier(ref m.EventType),
                Term.AgreementId => Allows(allowed, Members.AgreementId) && ReadIdentifier(ref m.AgreementId),
                Term.Format => Allows(allowed, Members.Format) && ReadIdentifier(ref m.Format),
                Term.DataAddress => Allows(allowed, Members.DataAddress) && ReadObject(ref m.DataAddress, ReadDataAddress),
                Term.Dataset => Allows(allowed, Members.Dataset) && ReadLiteral(ref m.Dataset),
                Term.Type or Term.Context => ReadHeader(term, ref header, type, topLevel: true),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return header.Complete(topLevel: true);
    }

    private bool ReadPid(ref string? value, Members allowed) => Allows(allowed, Members.LiteralPids) ? ReadLiteral(ref value) : ReadIdentifier(ref value);

    private static bool Allows(Members allowed, Members member) => (allowed & member) == member;

    /// <summary>The members a message type's context defines.</summary>
    [Flags]
    private enum Members
    {
        None = 0,
        ProviderPid = 1 << 0,
        ConsumerPid = 1 << 1,
        Pids = ProviderPid | ConsumerPid,
        LiteralPids = 1 << 2,
        CallbackAddress = 1 << 3,
        Offer = 1 << 4,
        Agreement = 1 << 5,
        Timestamp = 1 << 6,
        CodeAndReason = 1 << 7,
        Filter = 1 << 8,
        State = 1 << 9,
        EventType = 1 << 10,
        AgreementId = 1 << 11,
        Format = 1 << 12,
        DataAddress = 1 << 13,
        Dataset = 1 << 14,
    }

    /// <summary>The members read from a message; which apply depends on the message type.</summary>
    private struct MessageMembers
    {
        public string? ProviderPid;
        public string? ConsumerPid;
        public string? CallbackAddress;
        public string? Timestamp;
        public string? Code;
        public string? State;
        public string? EventType;
        public string? AgreementId;
        public string? Format;
        public string? Dataset;
        public OdrlPolicy? Policy;
        public DataAddress? DataAddress;
        public IReadOnlyList<JsonNode>? Reason;

        /// <summary>The required members that were given (optional ones are not checked).</summary>
        public readonly Members Present =>
            (ProviderPid is null ? Members.None : Members.ProviderPid) | (ConsumerPid is null ? Members.None : Members.ConsumerPid)
            | (Policy is null ? Members.None : Members.Offer | Members.Agreement) | (EventType is null ? Members.None : Members.EventType)
            | (State is null ? Members.None : Members.State) | (AgreementId is null ? Members.None : Members.AgreementId)
            | (Format is null ? Members.None : Members.Format) | (Dataset is null ? Members.None : Members.Dataset);
    }
}
