namespace Dataspace.Connector.Client;

/// <summary>Where and with which token a consumer pulls a started transfer's data.</summary>
public sealed record EndpointDataReference(string TransferId, string Endpoint, string? AuthType, string? Authorization);
