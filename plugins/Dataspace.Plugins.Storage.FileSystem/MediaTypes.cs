namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>Media types for common data file extensions.</summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = "application/json",
        [".jsonld"] = "application/ld+json",
        [".csv"] = "text/csv",
        [".txt"] = "text/plain",
        [".xml"] = "application/xml",
        [".parquet"] = "application/vnd.apache.parquet",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".ndjson"] = "application/x-ndjson",
    };

    public static string FromFileName(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}
