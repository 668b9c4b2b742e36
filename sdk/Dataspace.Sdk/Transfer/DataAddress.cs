namespace Dataspace.Sdk.Transfer;

/// <summary>Where data lives: an address type (handled by a data source or sink) and its properties.</summary>
/// <param name="Type">The address type, e.g. <see cref="DataAddressTypes.FileSystem"/>.</param>
/// <param name="Properties">Type-specific properties (path, base URL, ...); names are case-sensitive.</param>
public sealed record DataAddress(string Type, IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>Creates an address from property pairs.</summary>
    public static DataAddress Create(string type, params (string Name, string Value)[] properties) =>
        new(type, properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    /// <summary>The value of a property, or null when absent.</summary>
    public string? GetProperty(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}
