namespace Dataspace.Connector.Client;

/// <summary>A connector's HTTP endpoints, as it sees them for the caller.</summary>
/// <param name="Dsp">
/// The Dataspace Protocol endpoint other connectors use (the <c>counterPartyAddress</c> of catalog requests and
/// negotiations); null from connectors that do not report it.
/// </param>
public sealed record ConnectorEndpointsInfo(string Management, string OpenApi, string ApiReference, string HealthLive, string HealthReady, string? Dsp = null);
