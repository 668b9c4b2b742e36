namespace Dataspace.Connector.Negotiation;

/// <summary>The DSP 2025-1 messages that move a contract negotiation (the event message split by its event type).</summary>
public enum NegotiationMessageKind
{
    /// <summary>ContractRequestMessage: the consumer's first request or its counter-request.</summary>
    Request = 1,

    /// <summary>ContractOfferMessage: the provider's first offer or its counter-offer.</summary>
    Offer,

    /// <summary>ContractNegotiationEventMessage with eventType ACCEPTED (consumer).</summary>
    Accepted,

    /// <summary>ContractAgreementMessage (provider).</summary>
    Agreement,

    /// <summary>ContractAgreementVerificationMessage (consumer).</summary>
    Verification,

    /// <summary>ContractNegotiationEventMessage with eventType FINALIZED (provider).</summary>
    Finalized,

    /// <summary>ContractNegotiationTerminationMessage (either party).</summary>
    Termination,
}
