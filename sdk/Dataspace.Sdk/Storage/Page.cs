namespace Dataspace.Sdk.Storage;

/// <summary>A page of a list: <paramref name="Items"/> and the total count matching the filter.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);
