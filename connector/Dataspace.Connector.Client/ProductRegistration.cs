namespace Dataspace.Connector.Client;

/// <summary>A data product registration the authority granted: its number and the signed record the connector's catalog now carries.</summary>
/// <param name="RegistrationNumber">The registration number (登记编号).</param>
/// <param name="Status">The registration's status at the authority (<c>registered</c>).</param>
/// <param name="Provider">The provider's DID.</param>
/// <param name="DatasetId">The registered dataset (the asset's id).</param>
/// <param name="Classification">Its classification level.</param>
/// <param name="UpdateFrequency">Its update frequency (an IRI of the EU frequency vocabulary).</param>
/// <param name="Owner">Who owns the data.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="LegalBasis">The legal basis.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="ValidUntil">Until when the record is valid.</param>
/// <param name="Credential">The record: the authority's DataProductRegistrationCredential (VC JWT).</param>
public sealed record ProductRegistration(
    string RegistrationNumber,
    string Status,
    string Provider,
    string DatasetId,
    string Classification,
    string UpdateFrequency,
    string Owner,
    string Source,
    string LegalBasis,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ValidUntil,
    string Credential);
