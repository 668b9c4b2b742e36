namespace Dataspace.Connector.Management;

/// <summary>Who and what the connector is, and where its endpoints are.</summary>
public sealed record ConnectorInfoResponse(
    string ParticipantId,
    string Version,
    string SdkVersion,
    DateTimeOffset StartedAt,
    long StartCount,
    ConnectorEndpoints Endpoints,
    IReadOnlyList<string> DataSourceTypes,
    IReadOnlyList<string> DataSinkTypes);
