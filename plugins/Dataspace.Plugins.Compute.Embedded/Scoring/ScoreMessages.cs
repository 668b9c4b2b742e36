using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

/// <summary>
/// The messages of <c>ml/score:1</c>. JSON control messages, and result frames whose first byte says what they hold:
/// <c>H</c> table header (JSON), <c>R</c> rows (binary), <c>E</c> end (JSON), <c>A</c> aggregate (JSON), <c>X</c> error (JSON).
/// </summary>
internal static class ScoreMessages
{
    public const string TopicOffer = "score/offer";
    public const string TopicVerdict = "score/verdict";
    public const string TopicModel = "score/model";
    public const string TopicResult = "score/result";

    public const byte Header = (byte)'H';
    public const byte Rows = (byte)'R';
    public const byte End = (byte)'E';
    public const byte AggregateFrame = (byte)'A';
    public const byte Error = (byte)'X';

    // Bounds a peer's cell: a score or a row key, never a document.
    public const int MaxCellBytes = 4096;

    // Bounds control messages so a peer cannot make us parse megabytes of JSON.
    public const int MaxControlBytes = 64 * 1024;

    public static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, ScoreJson.Options);

    public static byte[] Frame<T>(byte kind, T value)
    {
        var json = Json(value);
        var frame = new byte[json.Length + 1];
        frame[0] = kind;
        json.CopyTo(frame, 1);
        return frame;
    }

    public static T? Parse<T>(ReadOnlySpan<byte> json) where T : class
    {
        if (json.Length > MaxControlBytes) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, ScoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Packs rows into <c>R</c> frames of at most <paramref name="maxBytes"/> each: count (u32) then per cell length (u32) and UTF-8.</summary>
    public static IEnumerable<byte[]> PackRows(IReadOnlyList<string[]> rows, int maxBytes)
    {
        var encoded = new List<byte[][]>();
        var size = 5;
        foreach (var row in rows)
        {
            var cells = new byte[row.Length][];
            var rowBytes = 0;
            for (var i = 0; i < row.Length; i++)
            {
                cells[i] = Encoding.UTF8.GetBytes(row[i]);
                rowBytes += 4 + cells[i].Length;
            }
            if (5 + rowBytes > maxBytes) throw new InvalidOperationException($"A result row of {rowBytes} bytes does not fit in a channel message of {maxBytes} bytes.");
            if (size + rowBytes > maxBytes)
            {
                yield return Write(encoded, size);
                encoded.Clear();
                size = 5;
            }
            encoded.Add(cells);
            size += rowBytes;
        }
        if (encoded.Count > 0) yield return Write(encoded, size);
    }

    /// <summary>Reads an <c>R</c> frame of rows with exactly <paramref name="columns"/> cells each; null when malformed.</summary>
    public static List<string[]>? UnpackRows(ReadOnlySpan<byte> frame, int columns)
    {
        if (frame.Length < 5 || frame[0] != Rows) return null;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(frame[1..]);
        // Every row takes at least 4 bytes per cell, so a count beyond that is a lie.
        if (count == 0 || count > (ulong)(frame.Length - 5) / (ulong)(4 * columns)) return null;
        var rows = new List<string[]>((int)count);
        var at = 5;
        for (var r = 0; r < count; r++)
        {
            var row = new string[columns];
            for (var c = 0; c < columns; c++)
            {
                if (frame.Length - at < 4) return null;
                var length = BinaryPrimitives.ReadUInt32LittleEndian(frame[at..]);
                at += 4;
                if (length > MaxCellBytes || length > (uint)(frame.Length - at)) return null;
                try
                {
                    row[c] = StrictUtf8.GetString(frame.Slice(at, (int)length));
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }
                at += (int)length;
            }
            rows.Add(row);
        }
        return at == frame.Length ? rows : null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte[] Write(List<byte[][]> rows, int size)
    {
        var frame = new byte[size];
        frame[0] = Rows;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(1), (uint)rows.Count);
        var at = 5;
        foreach (var row in rows)
        {
            foreach (var cell in row)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(at), (uint)cell.Length);
                at += 4;
                cell.CopyTo(frame, at);
                at += cell.Length;
            }
        }
        return frame;
    }
}

/// <summary>The model owner's offer: the model's size and digest, or why it sends none.</summary>
internal sealed record ScoreOffer(bool Ok, long Bytes = 0, string? Digest = null, string? Reason = null);

/// <summary>The data holder's answer to an offer or to the model itself.</summary>
internal sealed record ScoreVerdict(bool Ok, string? Reason = null);

/// <summary>The columns of the released score table.</summary>
internal sealed record ScoreHeader(IReadOnlyList<string> Columns);

/// <summary>The end of the released rows, with their number.</summary>
internal sealed record ScoreEnd(long Rows);

/// <summary>Aggregate-only release: rows scored, their mean score, and how many scored above the threshold (null when suppressed).</summary>
internal sealed record ScoreAggregate(long Count, double Mean, double Threshold, long? CountAbove);

/// <summary>Why the data holder stopped.</summary>
internal sealed record ScoreError(string Reason);

internal static class ScoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
