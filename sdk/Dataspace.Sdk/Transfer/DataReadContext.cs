namespace Dataspace.Sdk.Transfer;

/// <summary>A request to read data.</summary>
public sealed record DataReadContext
{
    /// <summary>Where to read from.</summary>
    public required DataAddress Address { get; init; }

    /// <summary>The byte range to read, or null for all of it.</summary>
    public ByteRange? Range { get; init; }
}
