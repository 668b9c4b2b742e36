using System.Text.Json.Nodes;

namespace Dataspace.Sdk.Storage;

/// <summary>A contract agreement: the ODRL agreement (DSP form) naming assigner, assignee, target and timestamp.</summary>
public sealed record ContractAgreementRecord(
    string Id,
    string NegotiationId,
    string ProviderId,
    string ConsumerId,
    string AssetId,
    JsonObject Policy,
    DateTimeOffset SignedAt);
