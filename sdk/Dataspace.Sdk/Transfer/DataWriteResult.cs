namespace Dataspace.Sdk.Transfer;

/// <summary>The outcome of <see cref="IDataSink.WriteAsync"/>.</summary>
public sealed record DataWriteResult
{
    private DataWriteResult() { }

    /// <summary>The number of bytes written.</summary>
    public long BytesWritten { get; private init; }

    /// <summary>The failure kind; null on success.</summary>
    public DataFailureKind? Failure { get; private init; }

    /// <summary>What went wrong, for the operator and the peer.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the write succeeded.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>A successful write.</summary>
    public static DataWriteResult Success(long bytesWritten) => new() { BytesWritten = bytesWritten };

    /// <summary>A failed write with its reason.</summary>
    public static DataWriteResult Fail(DataFailureKind kind, string reason) => new() { Failure = kind, Reason = reason };
}
