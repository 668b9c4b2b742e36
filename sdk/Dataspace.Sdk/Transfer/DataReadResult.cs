namespace Dataspace.Sdk.Transfer;

/// <summary>The outcome of <see cref="IDataSource.OpenReadAsync"/>: an open stream, or a failure with a reason.</summary>
public sealed record DataReadResult
{
    private DataReadResult() { }

    /// <summary>The data, positioned at the start of the requested range; null on failure.</summary>
    public Stream? Content { get; private init; }

    /// <summary>The length in bytes of what <see cref="Content"/> yields, when known.</summary>
    public long? Length { get; private init; }

    /// <summary>The total size of the data at the address, when known.</summary>
    public long? TotalLength { get; private init; }

    /// <summary>The media type of the data, when known.</summary>
    public string? MediaType { get; private init; }

    /// <summary>The failure kind; null on success.</summary>
    public DataFailureKind? Failure { get; private init; }

    /// <summary>What went wrong, for the operator and the peer.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the read succeeded.</summary>
    public bool Succeeded => Content is not null;

    /// <summary>A successful read.</summary>
    public static DataReadResult Success(Stream content, long? length, long? totalLength, string? mediaType) =>
        new() { Content = content, Length = length, TotalLength = totalLength, MediaType = mediaType };

    /// <summary>A failed read with its reason.</summary>
    public static DataReadResult Fail(DataFailureKind kind, string reason) => new() { Failure = kind, Reason = reason };
}
