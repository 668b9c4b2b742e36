using System.Text.Json.Serialization;

namespace Dataspace.Dsp.Internal;

/// <summary>Source-generated (de)serialisation of the DSP records in the canonical compact form.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 64)]
[JsonSerializable(typeof(ContractRequestMessage))]
[JsonSerializable(typeof(ContractOfferMessage))]
[JsonSerializable(typeof(ContractAgreementMessage))]
[JsonSerializable(typeof(ContractAgreementVerificationMessage))]
[JsonSerializable(typeof(ContractNegotiationEventMessage))]
[JsonSerializable(typeof(ContractNegotiationTerminationMessage))]
[JsonSerializable(typeof(ContractNegotiation))]
[JsonSerializable(typeof(ContractNegotiationError))]
[JsonSerializable(typeof(TransferRequestMessage))]
[JsonSerializable(typeof(TransferStartMessage))]
[JsonSerializable(typeof(TransferCompletionMessage))]
[JsonSerializable(typeof(TransferSuspensionMessage))]
[JsonSerializable(typeof(TransferTerminationMessage))]
[JsonSerializable(typeof(TransferProcess))]
[JsonSerializable(typeof(TransferError))]
[JsonSerializable(typeof(CatalogRequestMessage))]
[JsonSerializable(typeof(DatasetRequestMessage))]
[JsonSerializable(typeof(CatalogError))]
[JsonSerializable(typeof(Catalog))]
[JsonSerializable(typeof(Dataset))]
internal sealed partial class DspJsonContext : JsonSerializerContext;
