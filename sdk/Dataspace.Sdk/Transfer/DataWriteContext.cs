namespace Dataspace.Sdk.Transfer;

/// <summary>A request to write data.</summary>
public sealed record DataWriteContext
{
    /// <summary>Where to write to.</summary>
    public required DataAddress Address { get; init; }

    /// <summary>The content; read to its end, not disposed by the sink.</summary>
    public required Stream Content { get; init; }

    /// <summary>The media type of the content, when known.</summary>
    public string? MediaType { get; init; }
}
