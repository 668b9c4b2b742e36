using System.Text;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Appends each checkpoint to a file (write-once storage, a mounted WORM volume, a file another system ships away), synced
/// before the anchor returns. It never goes backwards: a checkpoint smaller than the last one anchored, or of the same size
/// with another root, is refused and logged loudly, for it means the log was rewritten.
/// </summary>
/// <remarks>Each signed note is followed by a blank line (a note has one blank line of its own, between body and signatures).</remarks>
internal sealed partial class FileAuditAnchor : IAuditAnchor, IDisposable
{
    private readonly string _path;
    private readonly AuditLog _log;
    private readonly ILogger<FileAuditAnchor> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Checkpoint? _last;
    private bool _loaded;

    public FileAuditAnchor(string path, AuditLog log, ILogger<FileAuditAnchor> logger)
    {
        _path = Path.GetFullPath(path);
        _log = log;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Name => "file:" + _path;

    /// <inheritdoc/>
    public async Task AnchorAsync(AuditAnchorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var note = SignedCheckpoint.Parse(context.Note);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded)
            {
                _last = await ReadLastAsync(cancellationToken).ConfigureAwait(false);
                _loaded = true;
            }

            if (_last is not null)
            {
                if (note.Checkpoint.Size < _last.Size)
                {
                    LogBackwards(_logger, _path, note.Checkpoint.Size, _last.Size);
                    throw new InvalidOperationException($"The checkpoint of size {note.Checkpoint.Size} is smaller than the last one anchored in {_path} ({_last.Size}): the audit log went backwards.");
                }

                if (note.Checkpoint.Size == _last.Size)
                {
                    if (note.Checkpoint.Root.AsSpan().SequenceEqual(_last.Root))
                    {
                        return; // Anchored already (another instance, or a restart).
                    }

                    LogForked(_logger, _path, note.Checkpoint.Size);
                    throw new InvalidOperationException($"The checkpoint of size {note.Checkpoint.Size} has another root than the one anchored in {_path}: the audit log was rewritten.");
                }

                // The tree as stored now must extend the one anchored last: a rewritten entry below that size fails here.
                var proof = await _log.Tree.ConsistencyProofAsync(_last.Size, note.Checkpoint.Size, cancellationToken).ConfigureAwait(false);
                if (!MerkleVerifier.VerifyConsistency(_log.Hasher, _last.Size, note.Checkpoint.Size, _last.Root, note.Checkpoint.Root, proof))
                {
                    LogForked(_logger, _path, note.Checkpoint.Size);
                    throw new InvalidOperationException($"The checkpoint of size {note.Checkpoint.Size} is not consistent with the one of size {_last.Size} anchored in {_path}: the audit log was rewritten.");
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var bytes = Encoding.UTF8.GetBytes(context.Note + "\n");
            await using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            _last = note.Checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Checkpoint?> ReadLastAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
        // Each record is a note (body, blank line, signature lines) and a blank line: split on blank lines, the chunks
        // alternate body and signatures.
        var chunks = text.Split("\n\n");
        Checkpoint? last = null;
        for (var i = 0; i + 1 < chunks.Length; i += 2)
        {
            var noteText = chunks[i] + "\n\n" + chunks[i + 1] + "\n";
            if (!SignedCheckpoint.TryParse(noteText, out var parsed, out var reason))
            {
                throw new InvalidOperationException($"The anchor file {_path} holds a malformed checkpoint ({reason}); it is not appended to until it is repaired.");
            }

            last = parsed.Checkpoint;
        }

        if (chunks.Length % 2 == 0 || chunks[^1].Length != 0)
        {
            throw new InvalidOperationException($"The anchor file {_path} ends in an incomplete checkpoint; it is not appended to until it is repaired.");
        }

        return last;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "AUDIT LOG WENT BACKWARDS: checkpoint of size {Size} is smaller than the last one anchored in {Path} ({LastSize})")]
    private static partial void LogBackwards(ILogger logger, string path, long size, long lastSize);

    [LoggerMessage(Level = LogLevel.Critical, Message = "AUDIT LOG REWRITTEN: checkpoint of size {Size} has another root than the one anchored in {Path}")]
    private static partial void LogForked(ILogger logger, string path, long size);
}
