namespace Dataspace.Connector.Client;

/// <summary>A connector's HTTP endpoints, as it sees them for the caller.</summary>
public sealed record ConnectorEndpointsInfo(string Management, string OpenApi, string ApiReference, string HealthLive, string HealthReady);
