namespace Dataspace.Connector.Client;

/// <summary>A transfer to start under an agreement; a push transfer names where the provider sends the data.</summary>
public sealed record TransferRequest(string AgreementId, string TransferType, PushDestination? Destination = null);
