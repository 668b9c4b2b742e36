namespace Dataspace.Connector.Management;

/// <summary>The connector's HTTP endpoints, as seen by the caller.</summary>
/// <param name="Dsp">The Dataspace Protocol endpoint other connectors use (<c>--from</c> of <c>dataspace catalog</c> and <c>negotiate</c>).</param>
public sealed record ConnectorEndpoints(string Management, string OpenApi, string ApiReference, string HealthLive, string HealthReady, string Dsp);
