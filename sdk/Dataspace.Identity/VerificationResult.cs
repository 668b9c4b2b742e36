using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity;

/// <summary>Either a verified value or a <see cref="VerificationError"/>.</summary>
public sealed class VerificationResult<T>
{
    private VerificationResult(T? value, VerificationError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The verified value; default on failure.</summary>
    public T? Value { get; }

    /// <summary>The refusal; null on success.</summary>
    public VerificationError? Error { get; }

    /// <summary>Whether verification succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The failure kind, or null on success.</summary>
    public VerificationFailure? Failure => Error?.Failure;

    /// <summary>The failure reason, or null on success.</summary>
    public string? Reason => Error?.Reason;

    /// <summary>Wraps a verified value.</summary>
    public static implicit operator VerificationResult<T>(T value) => new(value, null);

    /// <summary>Wraps a refusal.</summary>
    public static implicit operator VerificationResult<T>(VerificationError error) => new(default, error);

    /// <summary>The outcome as text (the value, or the failure and reason).</summary>
    public override string ToString() => Error?.ToString() ?? $"OK: {Value}";
}
