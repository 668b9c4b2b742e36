namespace Dataspace.Connector.Identity;

/// <summary>Which DSP protocol an endpoint belongs to; it decides how a refused caller is answered.</summary>
public enum DspEndpointKind
{
    /// <summary>Catalog: 401 with a <c>CatalogError</c> (DSP 2025-1: "an appropriate HTTP code and a Catalog Error").</summary>
    Catalog = 1,

    /// <summary>Contract negotiation: 404 with a <c>ContractNegotiationError</c> (DSP 2025-1: unauthorized access answers 404).</summary>
    Negotiation = 2,

    /// <summary>Transfer process: 404 with a <c>TransferError</c> (DSP 2025-1: unauthorized access answers 404).</summary>
    Transfer = 3,
}
