using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Protocol;

#pragma warning disable CA1000 // Factory methods on the result type itself keep call sites short (ProtocolResult<T>.Ok(...)).

/// <summary>A state machine's answer to a peer's message: the process (with 200 or 201) or an error (status, code, reason).</summary>
public sealed record ProtocolResult<T>
{
    private ProtocolResult() { }

    /// <summary>The process as it now is; null on error.</summary>
    public T? Value { get; private init; }

    /// <summary>The HTTP status.</summary>
    public int Status { get; private init; }

    /// <summary>A short error code, e.g. <c>unknown-offer</c>.</summary>
    public string? Code { get; private init; }

    /// <summary>What was wrong and what was expected.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the message was accepted.</summary>
    public bool Succeeded => Code is null;

    /// <summary>Accepted.</summary>
    public static ProtocolResult<T> Ok(T value, int status = StatusCodes.Status200OK) => new() { Value = value, Status = status };

    /// <summary>Refused.</summary>
    public static ProtocolResult<T> Error(int status, string code, string reason) => new() { Status = status, Code = code, Reason = reason };

    /// <summary>400: the message is not allowed in the process's state or is invalid.</summary>
    public static ProtocolResult<T> BadRequest(string code, string reason) => Error(StatusCodes.Status400BadRequest, code, reason);

    /// <summary>404: no such process, or not the caller's.</summary>
    public static ProtocolResult<T> NotFound(string reason) => Error(StatusCodes.Status404NotFound, "not-found", reason);
}
