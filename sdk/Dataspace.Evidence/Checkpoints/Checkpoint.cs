using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Dataspace.Evidence.Checkpoints;

/// <summary>
/// A tree head in the C2SP tlog-checkpoint text form: the origin line, the tree size in decimal, the root hash in base64,
/// then optional extension lines, each ending in a newline.
/// </summary>
public sealed record Checkpoint
{
    /// <summary>The most extension lines a checkpoint may carry.</summary>
    public const int MaxExtensions = 16;

    /// <summary>The longest line accepted (origin, root or extension).</summary>
    public const int MaxLineLength = 1024;

    /// <summary>The log's identity, a schema-less URL (e.g. <c>provider.example/audit</c>), unique per log.</summary>
    public required string Origin { get; init; }

    /// <summary>The number of leaves in the tree.</summary>
    public required long Size { get; init; }

    /// <summary>The root hash of the tree of <see cref="Size"/> leaves.</summary>
    public required byte[] Root { get; init; }

    /// <summary>Extension lines after the root (no newlines); most checkpoints have none.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>The note body: origin, size and root lines, then the extension lines, each ending in a newline.</summary>
    public string ToBody()
    {
        var body = new StringBuilder();
        body.Append(Origin).Append('\n');
        body.Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        body.Append(Convert.ToBase64String(Root)).Append('\n');
        foreach (var extension in Extensions)
        {
            body.Append(extension).Append('\n');
        }

        return body.ToString();
    }

    /// <summary>Checks that the members can be written as a checkpoint that reads back the same; false with a reason otherwise.</summary>
    public bool IsWellFormed([NotNullWhen(false)] out string? reason)
    {
        reason = CheckLine(Origin, "origin") ?? (Size < 0 ? "the size is negative" : null)
            ?? (Root is null || Root.Length == 0 ? "the root hash is empty" : null)
            ?? (Extensions.Count > MaxExtensions ? $"{Extensions.Count} extension lines; at most {MaxExtensions} are allowed" : null)
            ?? Extensions.Select(e => CheckLine(e, "extension")).FirstOrDefault(r => r is not null);
        return reason is null;
    }

    /// <summary>Parses a checkpoint body strictly; false with a reason for anything malformed.</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out Checkpoint? checkpoint, [NotNullWhen(false)] out string? reason)
    {
        checkpoint = null;
        if (string.IsNullOrEmpty(body) || body[^1] != '\n')
        {
            reason = "a checkpoint body must end with a newline";
            return false;
        }

        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            reason = $"a checkpoint has at least 3 lines (origin, size, root hash); found {lines.Length}";
            return false;
        }

        if (lines.Length - 3 > MaxExtensions)
        {
            reason = $"{lines.Length - 3} extension lines; at most {MaxExtensions} are allowed";
            return false;
        }

        var origin = lines[0];
        if (CheckLine(origin, "origin") is { } originProblem)
        {
            reason = originProblem;
            return false;
        }

        var sizeText = lines[1];
        if (sizeText.Length == 0 || sizeText.Length > 19 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            reason = $"the size line '{Truncate(sizeText)}' is not a decimal number without leading zeros";
            return false;
        }

        if (!Base64.TryDecodeCanonical(lines[2], out var root) || root.Length == 0)
        {
            reason = $"the root hash line '{Truncate(lines[2])}' is not canonical standard base64";
            return false;
        }

        var extensions = lines[3..];
        foreach (var extension in extensions)
        {
            if (CheckLine(extension, "extension") is { } problem)
            {
                reason = problem;
                return false;
            }
        }

        checkpoint = new Checkpoint { Origin = origin, Size = size, Root = root, Extensions = extensions };
        reason = null;
        return true;
    }

    /// <summary>Parses a checkpoint body strictly.</summary>
    /// <exception cref="FormatException">The body is malformed; the message says how.</exception>
    public static Checkpoint Parse(string body) => TryParse(body, out var checkpoint, out var reason) ? checkpoint : throw new FormatException($"Malformed checkpoint: {reason}.");

    /// <summary>Whether both describe the same tree head: origin, size, root and extension lines.</summary>
    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size && Root.AsSpan().SequenceEqual(other.Root) && Extensions.SequenceEqual(other.Extensions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Origin, Size, Root.Length > 0 ? Root[0] : 0);

    private static string? CheckLine(string? line, string what)
    {
        if (string.IsNullOrEmpty(line))
        {
            return $"the {what} line is empty";
        }

        if (line.Length > MaxLineLength)
        {
            return $"the {what} line is longer than {MaxLineLength} characters";
        }

        return line.Any(c => char.IsControl(c)) ? $"the {what} line contains a control character" : null;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
