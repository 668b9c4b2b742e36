namespace Dataspace.Cli.Management;

/// <summary>Writes rows as a plain left-aligned table with a header, columns as wide as their widest cell.</summary>
internal static class ConsoleTable
{
    private const int MaxCell = 60;

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string empty)
    {
        var cells = rows.Select(r => r.Select(c => Shorten(c ?? "-")).ToList()).ToList();
        if (cells.Count == 0)
        {
            await output.WriteLineAsync(empty).ConfigureAwait(false);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Max(r => r[i].Length))).ToList();
        await output.WriteLineAsync(Line(headers, widths)).ConfigureAwait(false);
        foreach (var row in cells)
        {
            await output.WriteLineAsync(Line(row, widths)).ConfigureAwait(false);
        }
    }

    private static string Line(IReadOnlyList<string> cells, List<int> widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxCell ? text : text[..(MaxCell - 3)] + "...";
    }
}
