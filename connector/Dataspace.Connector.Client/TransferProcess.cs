namespace Dataspace.Connector.Client;

/// <summary>A transfer process; <see cref="State"/> is a DSP state name (see <see cref="TransferStates"/>).</summary>
public sealed record TransferProcess(
    string Id,
    string Role,
    string State,
    string? ProviderPid,
    string? ConsumerPid,
    string AgreementId,
    string AssetId,
    string TransferType,
    string CounterPartyId,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
