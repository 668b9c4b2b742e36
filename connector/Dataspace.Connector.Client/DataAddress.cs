namespace Dataspace.Connector.Client;

/// <summary>Where an asset's data lives: an address type handled by a data-source plugin (e.g. <c>FileSystem</c>) and its properties.</summary>
public sealed record DataAddress(string Type, IReadOnlyDictionary<string, string>? Properties);
