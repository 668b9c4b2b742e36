using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataspace.Connector.Hosting;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>
/// The witnessing state in the data directory (<c>audit-witness/</c>): the last checkpoint co-signed per peer log
/// (<c>seen/</c>) and the agreements still to be witnessed by their counter-party (<c>pending/</c>). One JSON file each,
/// replaced atomically, so a crash leaves the old state or the new one.
/// </summary>
/// <remarks>One process owns a data directory; updates to one peer's state are serialized by the caller's lock.</remarks>
internal sealed class WitnessFiles
{
    private readonly string _seen;
    private readonly string _pending;

    public WitnessFiles(IOptions<ConnectorOptions> options)
    {
        var root = Path.Combine(options.Value.DataDirectoryFullPath, "audit-witness");
        _seen = Path.Combine(root, "seen");
        _pending = Path.Combine(root, "pending");
        PrivateFiles.CreateFolder(_seen);
        PrivateFiles.CreateFolder(_pending);
    }

    public Task<WitnessedCheckpoint?> LastSeenAsync(string peer, string origin, CancellationToken cancellationToken) =>
        ReadAsync(SeenPath(peer, origin), WitnessJson.Default.WitnessedCheckpoint, cancellationToken);

    public Task SaveSeenAsync(WitnessedCheckpoint seen, CancellationToken cancellationToken) =>
        WriteAsync(SeenPath(seen.Peer, seen.Origin), JsonSerializer.SerializeToUtf8Bytes(seen, WitnessJson.Default.WitnessedCheckpoint), cancellationToken);

    public Task SavePendingAsync(PendingWitness pending, CancellationToken cancellationToken) =>
        WriteAsync(PendingPath(pending.AgreementId), JsonSerializer.SerializeToUtf8Bytes(pending, WitnessJson.Default.PendingWitness), cancellationToken);

    public void RemovePending(string agreementId) => File.Delete(PendingPath(agreementId));

    public async Task<IReadOnlyList<PendingWitness>> ListPendingAsync(CancellationToken cancellationToken)
    {
        var result = new List<PendingWitness>();
        foreach (var file in Directory.EnumerateFiles(_pending, "*.json"))
        {
            if (await ReadAsync(file, WitnessJson.Default.PendingWitness, cancellationToken).ConfigureAwait(false) is { } pending)
            {
                result.Add(pending);
            }
        }

        return result;
    }

    private string SeenPath(string peer, string origin) => Path.Combine(_seen, Name(peer + "\n" + origin));

    private string PendingPath(string agreementId) => Path.Combine(_pending, Name(agreementId));

    // Peer-chosen strings never become file names: their digest does.
    private static string Name(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json";

    private static async Task<T?> ReadAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = PrivateFiles.OpenWrite(temporary);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
