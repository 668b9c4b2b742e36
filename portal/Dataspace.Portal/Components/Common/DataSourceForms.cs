namespace Dataspace.Portal.Components.Common;

/// <summary>The address properties the portal asks for per data-source type of the bundled plugins; other types get free-form properties.</summary>
public static class DataSourceForms
{
    /// <summary>The named fields of <paramref name="type"/>'s form.</summary>
    public static IReadOnlyList<string> Fields(string? type) => type switch
    {
        "FileSystem" => ["path"],
        "HttpData" => ["baseUrl", "path", "queryParams", "method"],
        _ => [],
    };

    /// <summary>What to type into a field (an English text the page translates).</summary>
    public static string Hint(string? type, string field) => (type, field) switch
    {
        ("FileSystem", "path") => "file path below the plugin's folder, e.g. data/report.csv",
        ("HttpData", "baseUrl") => "absolute http(s) URL of the data",
        ("HttpData", "path") => "optional path appended to the URL",
        ("HttpData", "queryParams") => "optional query, e.g. a=1&b=2",
        ("HttpData", "method") => "optional HTTP method (GET by default)",
        _ => "",
    };
}
