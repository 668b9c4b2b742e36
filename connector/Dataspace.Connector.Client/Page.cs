namespace Dataspace.Connector.Client;

/// <summary>A page of a list: its items, how many there are in all, and where the page starts.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);
