namespace Dataspace.Connector.Management;

/// <summary>The connector's HTTP endpoints, as seen by the caller.</summary>
public sealed record ConnectorEndpoints(string Management, string OpenApi, string ApiReference, string HealthLive, string HealthReady);
