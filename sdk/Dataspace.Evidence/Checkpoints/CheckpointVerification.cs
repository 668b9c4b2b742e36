namespace Dataspace.Evidence.Checkpoints;

/// <summary>The outcome of checking a signed checkpoint: the checkpoint when valid, otherwise why not.</summary>
public sealed record CheckpointVerification
{
    /// <summary>Whether the note is well-formed and signed by the expected key.</summary>
    public bool IsValid => Reason is null;

    /// <summary>The parsed note, when it could be parsed (also when the signature is bad, for error reports).</summary>
    public SignedCheckpoint? Note { get; init; }

    /// <summary>Why the note is not valid; null when it is.</summary>
    public string? Reason { get; init; }

    /// <summary>A valid result.</summary>
    public static CheckpointVerification Valid(SignedCheckpoint note) => new() { Note = note };

    /// <summary>An invalid result with its reason.</summary>
    public static CheckpointVerification Invalid(string reason, SignedCheckpoint? note = null) => new() { Reason = reason, Note = note };
}
