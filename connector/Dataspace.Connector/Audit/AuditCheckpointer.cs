using Dataspace.Evidence.Checkpoints;
using Dataspace.Identity.Dcp;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Signs a checkpoint of the audit log with the connector's DID key every <see cref="AuditOptions.CheckpointInterval"/>
/// when the log grew, stores it, and hands it to every <see cref="IAuditAnchor"/>.
/// </summary>
/// <remarks>
/// Several instances sharing one database may sign the same size: the store keeps the first, and every instance anchors
/// the one stored. A connector without a DID identity (static DSP tokens, <c>Connector:Identity:Method=none</c>) signs no
/// checkpoints: its log is still appended, but nothing vouches for it.
/// </remarks>
internal sealed partial class AuditCheckpointer : BackgroundService
{
    private readonly AuditLog _log;
    private readonly ILocalIdentityProvider? _identity;
    private readonly IReadOnlyList<IAuditAnchor> _anchors;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditCheckpointer> _logger;
    private long _anchored = -1;

    public AuditCheckpointer(AuditLog log, IEnumerable<ILocalIdentityProvider> identity, IEnumerable<IAuditAnchor> anchors, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditCheckpointer> logger)
    {
        _log = log;
        _identity = identity.LastOrDefault();
        _anchors = [.. anchors];
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Signs and stores a checkpoint of the log as it is now, when it grew since the latest one; returns the latest checkpoint stored (null when there is none).</summary>
    public async Task<AuditCheckpointRecord?> CheckpointAsync(CancellationToken cancellationToken)
    {
        var store = _log.Store;
        var latest = await store.ReadCheckpointAsync(null, cancellationToken).ConfigureAwait(false);
        var head = await store.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.Size == 0 || (latest is not null && latest.Size >= head.Size) || _identity is null)
        {
            return latest;
        }

        var signer = _identity.Current.Signer;
        var root = await _log.Tree.RootAsync(head.Size, cancellationToken).ConfigureAwait(false);
        var checkpoint = new Checkpoint { Origin = _options.Origin ?? _identity.Current.Did, Size = head.Size, Root = root };
        var note = CheckpointSigner.Sign(checkpoint, signer.Key, signer.KeyId).ToNote();
        await store.StoreCheckpointAsync(new AuditCheckpointRecord(head.Size, note, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var stored = await store.ReadCheckpointAsync(head.Size, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            await AnchorAsync(stored, root, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_identity is null)
        {
            LogNoIdentity(_logger);
            return;
        }

        using var timer = new PeriodicTimer(_options.CheckpointInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckpointAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The identity may not be loaded yet, or the database unreachable: try again at the next tick.
                    LogCheckpointFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed after a start that failed (port in use): the host must not report this as a crash.
        }
    }

    private async Task AnchorAsync(AuditCheckpointRecord checkpoint, byte[] root, CancellationToken cancellationToken)
    {
        if (checkpoint.Size <= Interlocked.Read(ref _anchored))
        {
            return;
        }

        var context = new AuditAnchorContext { Note = checkpoint.Note, Size = checkpoint.Size, Root = root, HashAlgorithm = _log.Hasher.Name };
        foreach (var anchor in _anchors)
        {
            try
            {
                await anchor.AnchorAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogAnchorFailed(_logger, anchor.Name, checkpoint.Size, e);
            }
        }

        Interlocked.Exchange(ref _anchored, checkpoint.Size);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connector has no DID identity: audit checkpoints are not signed (the log is still appended)")]
    private static partial void LogNoIdentity(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit checkpoint failed; trying again at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit anchor {Anchor} refused or failed the checkpoint of size {Size}")]
    private static partial void LogAnchorFailed(ILogger logger, string anchor, long size, Exception exception);
}
