using System.Globalization;
using System.Text;

namespace Dataspace.Connector.Metering;

/// <summary>CSV export (RFC 4180): a header row, then one row per item; fields quoted when they need it.</summary>
internal static class MeteringCsv
{
    public static string Write<T>(IEnumerable<T> items, IReadOnlyList<(string Name, Func<T, object?> Value)> columns)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(c => Field(c.Name))).Append("\r\n");
        foreach (var item in items)
        {
            text.AppendJoin(',', columns.Select(c => Field(Format(c.Value(item))))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset time => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // A field starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula (ids come from peers).
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
