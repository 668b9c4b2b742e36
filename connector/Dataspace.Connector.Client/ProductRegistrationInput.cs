namespace Dataspace.Connector.Client;

/// <summary>What a provider registers about one of its assets with the data space's registration centre (数据产品登记).</summary>
/// <param name="Owner">Who owns the data.</param>
/// <param name="Source">Where the data comes from.</param>
/// <param name="Classification">Its classification level: core, important or general.</param>
/// <param name="UpdateFrequency">How often it is updated: a code or IRI of the EU frequency vocabulary (DAILY, WEEKLY, ...).</param>
/// <param name="LegalBasis">The legal basis of holding and offering it.</param>
public sealed record ProductRegistrationInput(string Owner, string Source, string Classification, string UpdateFrequency, string LegalBasis);
