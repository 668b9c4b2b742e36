namespace Dataspace.Evidence.Checkpoints;

/// <summary>The outcome of checking a witness cosignature: its time when valid, otherwise why not.</summary>
public sealed record CosignatureVerification
{
    /// <summary>Whether a cosignature by the witness over this checkpoint verifies.</summary>
    public bool IsValid => Reason is null;

    /// <summary>When the witness cosigned (whole seconds), when valid.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Why the cosignature is not valid; null when it is.</summary>
    public string? Reason { get; init; }
}
