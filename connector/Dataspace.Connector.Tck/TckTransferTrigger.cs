namespace Dataspace.Connector.Tck;

/// <summary>The TCK's request to start a transfer with it under an agreement (plain JSON, as its consumer client sends it).</summary>
public sealed record TckTransferTrigger(string? ProviderId, string? AgreementId, string? Format, string? ConnectorAddress);
