using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>A checkpoint as a C2SP signed note: the body, a blank line, then one signature line per signer and cosigner.</summary>
/// <remarks>Parsing checks the form only; <see cref="CheckpointVerifier"/> checks signatures against known keys.</remarks>
public sealed record SignedCheckpoint
{
    /// <summary>The largest note accepted (64 KiB).</summary>
    public const int MaxNoteLength = 64 * 1024;

    /// <summary>The most signature lines accepted (the spec asks verifiers to accept at least 16).</summary>
    public const int MaxSignatures = 64;

    /// <summary>The checkpoint the note carries.</summary>
    public required Checkpoint Checkpoint { get; init; }

    /// <summary>The note text that is signed: the checkpoint body, ending in a newline.</summary>
    public required string Body { get; init; }

    /// <summary>The signature lines, in note order.</summary>
    public required IReadOnlyList<NoteSignature> Signatures { get; init; }

    /// <summary>The whole note: body, blank line, signature lines.</summary>
    public string ToNote()
    {
        var note = new StringBuilder(Body).Append('\n');
        foreach (var signature in Signatures)
        {
            note.Append(signature.ToLine());
        }

        return note.ToString();
    }

    /// <summary>This note with <paramref name="signature"/> added (a witness's cosignature); a line already present is not repeated.</summary>
    public SignedCheckpoint WithSignature(NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Signatures.Contains(signature) ? this : this with { Signatures = [.. Signatures, signature] };
    }

    /// <summary>Parses a signed checkpoint note strictly (form only, no signature check); false with a reason otherwise.</summary>
    public static bool TryParse(string? note, [NotNullWhen(true)] out SignedCheckpoint? result, [NotNullWhen(false)] out string? reason)
    {
        result = null;
        if (string.IsNullOrEmpty(note))
        {
            reason = "the note is empty";
            return false;
        }

        if (note.Length > MaxNoteLength)
        {
            reason = $"the note is longer than {MaxNoteLength} characters";
            return false;
        }

        if (HasForbiddenCharacter(note))
        {
            reason = "the note contains a control character other than newline, or invalid UTF-16";
            return false;
        }

        // The body is separated from the signatures by the last blank line.
        var separator = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0 || note[^1] != '\n')
        {
            reason = "a signed note is a body ending in a newline, a blank line, then signature lines each ending in a newline";
            return false;
        }

        var body = note[..(separator + 1)];
        if (!Checkpoint.TryParse(body, out var checkpoint, out var checkpointProblem))
        {
            reason = $"malformed checkpoint: {checkpointProblem}";
            return false;
        }

        var lines = note[(separator + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            reason = $"{lines.Length} signature lines; at most {MaxSignatures} are accepted";
            return false;
        }

        var signatures = new List<NoteSignature>(lines.Length);
        foreach (var line in lines)
        {
            if (!TryParseLine(line, out var signature, out var lineProblem))
            {
                reason = lineProblem;
                return false;
            }

            signatures.Add(signature);
        }

        result = new SignedCheckpoint { Checkpoint = checkpoint, Body = body, Signatures = signatures };
        reason = null;
        return true;
    }

    /// <summary>Parses a signed checkpoint note strictly (form only, no signature check).</summary>
    /// <exception cref="FormatException">The note is malformed; the message says how.</exception>
    public static SignedCheckpoint Parse(string note) => TryParse(note, out var result, out var reason) ? result : throw new FormatException($"Malformed signed checkpoint: {reason}.");

    /// <summary>Whether <paramref name="name"/> may be a key name: non-empty, no Unicode spaces, no '+'.</summary>
    public static bool IsValidKeyName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= Checkpoint.MaxLineLength && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    private static bool TryParseLine(string line, [NotNullWhen(true)] out NoteSignature? signature, [NotNullWhen(false)] out string? reason)
    {
        signature = null;
        const string Prefix = "\u2014 ";
        var space = line.LastIndexOf(' ');
        if (!line.StartsWith(Prefix, StringComparison.Ordinal) || space <= Prefix.Length)
        {
            reason = $"the signature line '{Truncate(line)}' is not '— <key name> <base64 signature>'";
            return false;
        }

        var name = line[Prefix.Length..space];
        if (!IsValidKeyName(name))
        {
            reason = $"the key name '{Truncate(name)}' is empty or contains a space or '+'";
            return false;
        }

        if (!Base64.TryDecodeCanonical(line[(space + 1)..], out var bytes) || bytes.Length < 5)
        {
            reason = $"the signature of '{Truncate(name)}' is not canonical base64 of a key ID and a signature";
            return false;
        }

        signature = new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
        reason = null;
        return true;
    }

    private static bool HasForbiddenCharacter(string text)
    {
        // Control characters other than newline are forbidden; unpaired surrogates would not encode as valid UTF-8.
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
