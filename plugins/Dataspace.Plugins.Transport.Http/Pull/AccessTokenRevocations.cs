using System.Globalization;
using System.Text;
using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>
/// The revocations of pull access tokens, appended to a file in the plugin's data folder so a restart does not bring a
/// suspended transfer's old tokens back to life when the transfer is resumed.
/// </summary>
/// <remarks>One line per revocation: the transfer id and the first token generation still valid. Safe to call concurrently.</remarks>
internal sealed class AccessTokenRevocations : IDisposable
{
    /// <summary>The file's name in the plugin's data folder.</summary>
    public const string FileName = "revoked-tokens";

    // Tokens live at most this long (the largest TokenLifetime accepted), so older revocations retire nothing any more.
    private static readonly TimeSpan Relevance = TimeSpan.FromHours(24);

    private readonly string _path;
    private readonly SemaphoreSlim _write = new(1, 1);

    private AccessTokenRevocations(string path, IReadOnlyDictionary<string, long> loaded)
    {
        _path = path;
        Loaded = loaded;
    }

    /// <summary>What the file held at start-up: per transfer, the first generation still valid.</summary>
    public IReadOnlyDictionary<string, long> Loaded { get; }

    /// <summary>Reads the revocations in <paramref name="dataDirectory"/> and rewrites the file without those no token can need any more.</summary>
    public static AccessTokenRevocations Open(string dataDirectory, DateTimeOffset now)
    {
        PrivateFiles.CreateFolder(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var loaded = new Dictionary<string, long>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                // A line cut short by a crash mid-append is skipped: its transfer was stopped, so the connector's guard
                // refuses it until a resume, and the resume's stop comes before any later revocation.
                var tab = line.LastIndexOf('\t');
                if (tab > 0 && long.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var validFrom)
                    && AccessTokenService.IssuedAt(validFrom) + Relevance > now)
                {
                    var transferId = Uri.UnescapeDataString(line[..tab]);
                    loaded[transferId] = Math.Max(validFrom, loaded.GetValueOrDefault(transferId));
                }
            }
        }

        var compacted = path + ".tmp";
        using (var writer = new StreamWriter(PrivateFiles.OpenWrite(compacted)))
        {
            foreach (var (transferId, validFrom) in loaded)
            {
                writer.Write(Line(transferId, validFrom));
            }
        }

        File.Move(compacted, path, overwrite: true);
        return new AccessTokenRevocations(path, loaded);
    }

    /// <summary>Records that the transfer's tokens before generation <paramref name="validFrom"/> are revoked; returns once it is on disk.</summary>
    public async Task AppendAsync(string transferId, long validFrom, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(Line(transferId, validFrom));
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = new FileStream(_path, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _write.Release();
        }
    }

    public void Dispose() => _write.Dispose();

    private static string Line(string transferId, long validFrom) =>
        Uri.EscapeDataString(transferId) + "\t" + validFrom.ToString(CultureInfo.InvariantCulture) + "\n";
}
