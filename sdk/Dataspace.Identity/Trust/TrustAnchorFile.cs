using System.Text.Json;

namespace Dataspace.Identity.Trust;

/// <summary>Reads and writes trust-anchor files (the file <c>dataspace authority init</c> writes and connectors load).</summary>
public static class TrustAnchorFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Loads a trust-anchor file; <see cref="FormatException"/> names the bad entry.</summary>
    public static async Task<TrustAnchorSet> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return TrustAnchorSet.Parse(doc.RootElement);
        }
    }

    /// <summary>Writes a trust-anchor file, readable and writable by its owner only (anyone who can edit it decides whom the connector trusts).</summary>
    public static Task SaveAsync(string path, TrustAnchorSet anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        return Dataspace.Sdk.Storage.PrivateFiles.WriteAllTextAsync(path, anchors.ToJson().ToJsonString(Indented), cancellationToken);
    }
}
