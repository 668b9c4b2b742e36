using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Internal;

/// <summary>The protocol messages: one member loop for all, each message allowing the members its type-scoped context defines.</summary>
internal ref partial struct CanonicalReader
{
    private bool ReadContractRequest(out ContractRequestMessage? message)
    {
        message = ReadMembers("ContractRequestMessage"u8, Members.ProviderPid | Members.ConsumerPid | Members.Offer | Members.CallbackAddress, out var m)
            && m.ConsumerPid is not null && m.Policy is not null
            ? new ContractRequestMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Offer = m.Policy, CallbackAddress = m.CallbackAddress }
            : null;
        return message is not null;
    }

    private bool ReadContractOffer(out ContractOfferMessage? message)
    {
        message = ReadMembers("ContractOfferMessage"u8, Members.ProviderPid | Members.ConsumerPid | Members.Offer | Members.CallbackAddress, out var m)
            && m.ProviderPid is not null && m.Policy is not null
            ? new ContractOfferMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Offer = m.Policy, CallbackAddress = m.CallbackAddress }
            : null;
        return message is not null;
    }

    // The agreement message's context defines no callbackAddress (compaction drops it).
    private bool ReadContractAgreement(out ContractAgreementMessage? message)
    {
        message = ReadMembers("ContractAgreementMessage"u8, Members.Pids | Members.Agreement | Members.Timestamp, out var m)
            && m.ProviderPid is not null && m.ConsumerPid is not null && m.Policy is not null
            ? new ContractAgreementMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Agreement = m.Policy, Timestamp = m.Timestamp }
            : null;
        return message is not null;
    }

    private bool ReadContractAgreementVerification(out ContractAgreementVerificationMessage? message)
    {
        message = ReadMembers("ContractAgreementVerificationMessage"u8, Members.Pids, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new ContractAgreementVerificationMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid }
            : null;
        return message is not null;
    }

    private bool ReadContractNegotiationEvent(out ContractNegotiationEventMessage? message)
    {
        message = ReadMembers("ContractNegotiationEventMessage"u8, Members.Pids | Members.EventType, out var m)
            && m.ProviderPid is not null && m.ConsumerPid is not null && m.EventType is not null
            ? new ContractNegotiationEventMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, EventType = m.EventType }
            : null;
        return message is not null;
    }

    private bool ReadContractNegotiationTermination(out ContractNegotiationTerminationMessage? message)
    {
        message = ReadMembers("ContractNegotiationTerminationMessage"u8, Members.Pids | Members.CodeAndReason, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new ContractNegotiationTerminationMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Code = m.Code, Reason = m.Reason }
            : null;
        return message is not null;
    }

    private bool ReadContractNegotiation(out ContractNegotiation? message)
    {
        message = ReadMembers("ContractNegotiation"u8, Members.Pids | Members.State, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null && m.State is not null
            ? new ContractNegotiation { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, State = m.State }
            : null;
        return message is not null;
    }

    private bool ReadContractNegotiationError(out ContractNegotiationError? message)
    {
        message = ReadMembers("ContractNegotiationError"u8, Members.Pids | Members.CodeAndReason, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new ContractNegotiationError { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Code = m.Code, Reason = m.Reason }
            : null;
        return message is not null;
    }

    private bool ReadTransferRequest(out TransferRequestMessage? message)
    {
        message = ReadMembers("TransferRequestMessage"u8, Members.ConsumerPid | Members.AgreementId | Members.Format | Members.DataAddress | Members.CallbackAddress, out var m)
            && m.ConsumerPid is not null && m.AgreementId is not null && m.Format is not null
            ? new TransferRequestMessage { ConsumerPid = m.ConsumerPid, AgreementId = m.AgreementId, Format = m.Format, DataAddress = m.DataAddress, CallbackAddress = m.CallbackAddress }
            : null;
        return message is not null;
    }

    private bool ReadTransferStart(out TransferStartMessage? message)
    {
        message = ReadMembers("TransferStartMessage"u8, Members.Pids | Members.DataAddress, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new TransferStartMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, DataAddress = m.DataAddress }
            : null;
        return message is not null;
    }

    private bool ReadTransferCompletion(out TransferCompletionMessage? message)
    {
        message = ReadMembers("TransferCompletionMessage"u8, Members.Pids, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new TransferCompletionMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid }
            : null;
        return message is not null;
    }

    private bool ReadTransferSuspension(out TransferSuspensionMessage? message)
    {
        message = ReadMembers("TransferSuspensionMessage"u8, Members.Pids | Members.CodeAndReason, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new TransferSuspensionMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Code = m.Code, Reason = m.Reason }
            : null;
        return message is not null;
    }

    private bool ReadTransferTermination(out TransferTerminationMessage? message)
    {
        message = ReadMembers("TransferTerminationMessage"u8, Members.Pids | Members.CodeAndReason, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new TransferTerminationMessage { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Code = m.Code, Reason = m.Reason }
            : null;
        return message is not null;
    }

    private bool ReadTransferProcess(out TransferProcess? message)
    {
        message = ReadMembers("TransferProcess"u8, Members.Pids | Members.State, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null && m.State is not null
            ? new TransferProcess { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, State = m.State }
            : null;
        return message is not null;
    }

    // TransferError's context maps the process ids as plain strings, not as @id.
    private bool ReadTransferError(out TransferError? message)
    {
        message = ReadMembers("TransferError"u8, Members.Pids | Members.LiteralPids | Members.CodeAndReason, out var m) && m.ProviderPid is not null && m.ConsumerPid is not null
            ? new TransferError { ProviderPid = m.ProviderPid, ConsumerPid = m.ConsumerPid, Code = m.Code, Reason = m.Reason }
            : null;
        return message is not null;
    }

    private bool ReadCatalogRequest(out CatalogRequestMessage? message)
    {
        message = ReadMembers("CatalogRequestMessage"u8, Members.Filter, out var m) ? new CatalogRequestMessage { Filter = m.Reason } : null;
        return message is not null;
    }

    private bool ReadDatasetRequest(out DatasetRequestMessage? message)
    {
        message = ReadMembers("DatasetRequestMessage"u8, Members.Dataset, out var m) && m.Dataset is not null ? new DatasetRequestMessage { Dataset = m.Dataset } : null;
        return message is not null;
    }

    private bool ReadCatalogError(out CatalogError? message)
    {
        message = ReadMembers("CatalogError"u8, Members.CodeAndReason, out var m) ? new CatalogError { Code = m.Code, Reason = m.Reason } : null;
        return message is not null;
    }

    /// <summary>Reads the members of a top-level message object, accepting only <paramref name="allowed"/> ones, each once.</summary>
    private bool ReadMembers(ReadOnlySpan<byte> type, Members allowed, out MessageMembers m)
    {
        m = default;
        var header = default(Header);
        while (NextMember())
        {
            var ok = Is("providerPid"u8) ? Allows(allowed, Members.ProviderPid) && ReadPid(ref m.ProviderPid, allowed)
                : Is("consumerPid"u8) ? Allows(allowed, Members.ConsumerPid) && ReadPid(ref m.ConsumerPid, allowed)
                : Is("callbackAddress"u8) ? Allows(allowed, Members.CallbackAddress) && ReadLiteral(ref m.CallbackAddress)
                : Is("offer"u8) ? Allows(allowed, Members.Offer) && ReadObject(ref m.Policy, ReadOffer)
                : Is("agreement"u8) ? Allows(allowed, Members.Agreement) && ReadObject(ref m.Policy, ReadAgreement)
                : Is("timestamp"u8) ? Allows(allowed, Members.Timestamp) && ReadLiteral(ref m.Timestamp)
                : Is("code"u8) ? Allows(allowed, Members.CodeAndReason) && ReadLiteral(ref m.Code)
                : Is("reason"u8) ? Allows(allowed, Members.CodeAndReason) && ReadLiteralSet(ref m.Reason)
                : Is("filter"u8) ? Allows(allowed, Members.Filter) && ReadLiteralSet(ref m.Reason)
                : Is("state"u8) ? Allows(allowed, Members.State) && ReadIdentifier(ref m.State)
                : Is("eventType"u8) ? Allows(allowed, Members.EventType) && ReadIdentifier(ref m.EventType)
                : Is("agreementId"u8) ? Allows(allowed, Members.AgreementId) && ReadIdentifier(ref m.AgreementId)
                : Is("format"u8) ? Allows(allowed, Members.Format) && ReadIdentifier(ref m.Format)
                : Is("dataAddress"u8) ? Allows(allowed, Members.DataAddress) && ReadObject(ref m.DataAddress, ReadDataAddress)
                : Is("dataset"u8) ? Allows(allowed, Members.Dataset) && ReadLiteral(ref m.Dataset)
                : ReadHeader(ref header, type, topLevel: true);
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
    }
}
