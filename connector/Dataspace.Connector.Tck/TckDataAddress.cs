namespace Dataspace.Connector.Tck;

/// <summary>A fixture dataset's data address in the TCK seed file.</summary>
public sealed record TckDataAddress(string Type, IReadOnlyDictionary<string, string>? Properties);
