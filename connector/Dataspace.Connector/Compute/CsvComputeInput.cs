using System.Runtime.CompilerServices;
using System.Text;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>A party's input read as CSV (RFC 4180: a header row, commas, double-quoted fields) from a stream opened per read.</summary>
/// <remarks>Rows are parsed as they stream in; a row with another number of fields than the header fails the read with its line.</remarks>
internal sealed class CsvComputeInput : IComputeInput
{
    private const int MaxFieldLength = 1 << 20;
    private readonly Func<CancellationToken, Task<Stream>> _open;
    private readonly string _name;

    private CsvComputeInput(Func<CancellationToken, Task<Stream>> open, string name, IReadOnlyList<string> columns)
    {
        _open = open;
        _name = name;
        Columns = columns;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Opens the input and reads its header; throws <see cref="InvalidDataException"/> when there is no valid header.</summary>
    public static async Task<CsvComputeInput> OpenAsync(Func<CancellationToken, Task<Stream>> open, string name, CancellationToken cancellationToken)
    {
        await using var stream = await open(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var header = await ReadRecordAsync(reader, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"input {name} is empty: expected CSV with a header row");
        if (header.Any(string.IsNullOrWhiteSpace) || header.Distinct(StringComparer.Ordinal).Count() != header.Length)
            throw new InvalidDataException($"input {name} has a header with an empty or repeated column ({string.Join(",", header)}): expected unique column names");
        return new CsvComputeInput(open, name, header);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<IReadOnlyList<string[]>> ReadBatchesAsync(int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var stream = await _open(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _ = await ReadRecordAsync(reader, cancellationToken).ConfigureAwait(false);
        var batch = new List<string[]>(Math.Min(batchSize, 65536));
        long row = 1;
        while (await ReadRecordAsync(reader, cancellationToken).ConfigureAwait(false) is { } record)
        {
            row++;
            if (record is [""]) continue;
            if (record.Length != Columns.Count)
                throw new InvalidDataException($"input {_name} row {row} has {record.Length} fields: expected {Columns.Count} ({string.Join(",", Columns)})");
            batch.Add(record);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<string[]>(batch.Count);
            }
        }

        if (batch.Count > 0) yield return batch;
    }

    // One record, which may span lines inside quotes; null at the end of the stream.
    private static async Task<string[]?> ReadRecordAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i == line.Length)
            {
                if (!quoted) break;
                // A quoted field goes on over the line break.
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException("a quoted CSV field is not closed before the end of the input");
                field.Append('\n');
                i = 0;
                continue;
            }

            var c = line[i++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i < line.Length && line[i] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);

            if (field.Length > MaxFieldLength) throw new InvalidDataException($"a CSV field is longer than {MaxFieldLength} characters");
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
