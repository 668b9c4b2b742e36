namespace Dataspace.Connector.Client;

/// <summary>Who and what a connector is, and where its endpoints are (<c>GET /info</c>).</summary>
public sealed record ConnectorInfo(
    string ParticipantId,
    string Version,
    string SdkVersion,
    DateTimeOffset StartedAt,
    long StartCount,
    ConnectorEndpointsInfo Endpoints,
    IReadOnlyList<string> DataSourceTypes,
    IReadOnlyList<string> DataSinkTypes);
