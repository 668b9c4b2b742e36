using System.Threading.Channels;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Audit;

/// <summary>
/// The connector's audit log: appends wait in a bounded queue; one writer takes everything pending (up to a batch limit),
/// encodes and hashes the entries, advances the tree's frontier and commits the batch in one transaction, then completes
/// every waiter. An entry is durable before its append completes; a failed commit fails its waiters.
/// </summary>
internal sealed partial class AuditLog : IAuditLog, IHostedService, IAsyncDisposable
{
    // Another instance appending to the same database between our reload and our commit makes us retry; this many in a row
    // means something is wrong (or the log is contended beyond reason), and the batch fails rather than spin.
    private const int MaxStaleRetries = 64;

    private readonly IAuditLogStore _store;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLog> _logger;
    private readonly Channel<Pending> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TreeFrontier? _frontier;
    private Task? _writer;
    private long _size;
    private int _disposed;

    public AuditLog(IAuditLogStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditLog> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Hasher = TreeHashers.Get(_options.HashAlgorithm);
        Tree = new MerkleTree(Hasher, new AuditTileReader(store, Hasher.HashSize, _options.TileCacheSize));
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The log's hash function.</summary>
    public ITreeHasher Hasher { get; }

    /// <summary>The log's tree, read from the store (every instance's appends), for roots and proofs.</summary>
    public MerkleTree Tree { get; }

    /// <summary>The store the log lives in.</summary>
    public IAuditLogStore Store => _store;

    /// <summary>The size this instance last committed or loaded (other instances may have appended since).</summary>
    public long Size => Interlocked.Read(ref _size);

    /// <inheritdoc/>
    public async ValueTask<AuditAppended> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrWhiteSpace(record.Type))
        {
            throw new ArgumentException("An audit record needs a type (e.g. 'dsp.message.received').", nameof(record));
        }

        var pending = new Pending(record, new TaskCompletionSource<AuditAppended>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new InvalidOperationException("The audit log is stopped: the entry was not appended.", e);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the log (creating it with the configured algorithm, or refusing a different one), loads its frontier and starts the writer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var head = await _store.OpenAsync(Hasher.Name, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(head.HashAlgorithm, Hasher.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The audit log was created with the hash algorithm '{head.HashAlgorithm}', but Connector:Audit:HashAlgorithm is '{Hasher.Name}': a log's algorithm cannot change. Set Connector:Audit:HashAlgorithm to '{head.HashAlgorithm}'.");
        }

        if (head.StoredLevelStride != AuditNode.StoredLevelStride)
        {
            // Before the frontier loads or anything appends: both read the levels the backfill writes.
            LogBackfilling(_logger, head.Size, head.StoredLevelStride, AuditNode.StoredLevelStride);
            var started = _time.GetTimestamp();
            var nodes = await AuditNodeBackfill.RunAsync(_store, Hasher, cancellationToken).ConfigureAwait(false);
            var seconds = _time.GetElapsedTime(started).TotalSeconds;
            LogBackfilled(_logger, nodes, seconds);
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        LogOpened(_logger, head.HashAlgorithm, Size);
        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token), CancellationToken.None);
        _started.TrySetResult();
    }

    /// <summary>Stops taking appends and commits those already queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is null)
        {
            return;
        }

        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown time is up: the waiters still queued fail (their actions were not acknowledged).
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The container disposes it once per registration that hands it out (the log, IAuditLog, the hosted service).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        // Pipelined: the next batch is taken, encoded and hashed while the previous one commits; batches still commit
        // one at a time and in order (each is built on the frontier the previous one left).
        var batch = new List<Pending>();
        List<Pending>? committing = null;
        var previous = Task.CompletedTask;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch = new List<Pending>(Math.Min(_options.BatchLimit, 1024));
                while (batch.Count < _options.BatchLimit && _queue.Reader.TryRead(out var pending))
                {
                    // A caller that gave up before its entry was taken is not written: nobody waits for it.
                    if (pending.CancellationToken.IsCancellationRequested)
                    {
                        pending.Done.TrySetCanceled(pending.CancellationToken);
                        continue;
                    }

                    batch.Add(pending);
                }

                if (batch.Count > 0)
                {
                    var prepared = Prepare(batch);
                    await previous.ConfigureAwait(false);
                    committing = batch;
                    previous = CommitAsync(prepared, cancellationToken);
                }
            }

            await previous.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: fail what is left below.
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var stopped = new InvalidOperationException("The audit log stopped before the entry was committed: it was not appended.");
        foreach (var pending in batch.Concat(committing ?? []))
        {
            pending.Done.TrySetException(stopped);
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(stopped);
        }
    }

    // Encodes and hashes a batch: needs no frontier, so it runs while the previous batch commits.
    private PreparedBatch Prepare(List<Pending> batch)
    {
        // One time for the batch, to the millisecond (what the stores keep and the entry encoding writes).
        var now = _time.GetUtcNow();
        var time = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var data = new byte[batch.Count][];
        var leaves = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                data[i] = AuditEntryCodec.Encode(batch[i].Record, time);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                // A record that cannot be encoded fails alone, not its batch.
                batch[i].Done.TrySetException(new ArgumentException($"The audit record of type '{batch[i].Record.Type}' cannot be encoded: {e.Message}", e));
                data[i] = [];
                continue;
            }

            leaves[i] = new byte[Hasher.HashSize];
            Hasher.HashLeaf(data[i], leaves[i]);
        }

        return new PreparedBatch(batch, time, data, leaves);
    }

    private async Task CommitAsync(PreparedBatch prepared, CancellationToken cancellationToken)
    {
        var (batch, time, data, leaves) = prepared;
        var kept = Enumerable.Range(0, batch.Count).Where(i => leaves[i] is not null).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var frontier = _frontier!.Clone();
            var entries = new List<AuditEntry>(kept.Count);
            var nodes = new List<AuditNode>();
            foreach (var i in kept)
            {
                var record = batch[i].Record;
                entries.Add(new AuditEntry
                {
                    Index = frontier.Size,
                    Time = time,
                    Data = data[i],
                    LeafHash = leaves[i],
                    Type = record.Type,
                    Actor = record.Actor,
                    CounterParty = record.CounterParty,
                    ProcessId = record.ProcessId,
                    AgreementId = record.AgreementId,
                });
                frontier.Append(leaves[i], (level, index, hash) => nodes.Add(new AuditNode(level, index, hash)));
            }

            var auditBatch = new AuditBatch { ExpectedSize = _frontier.Size, Entries = entries, Nodes = nodes };
            bool committed;
            try
            {
                committed = await _store.TryAppendAsync(auditBatch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogCommitFailed(_logger, entries.Count, auditBatch.ExpectedSize, e);
                var failure = new InvalidOperationException($"The audit log could not commit the entry: {e.Message}", e);
                foreach (var i in kept)
                {
                    batch[i].Done.TrySetException(failure);
                }

                // The commit may or may not have happened: the store knows; start again from what it has.
                await ReloadQuietlyAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            if (committed)
            {
                _frontier = frontier;
                Interlocked.Exchange(ref _size, frontier.Size);
                for (var k = 0; k < kept.Count; k++)
                {
                    batch[kept[k]].Done.TrySetResult(new AuditAppended(entries[k].Index, Convert.ToHexStringLower(entries[k].LeafHash)));
                }

                return;
            }

            // Another instance appended: take its entries into our frontier and build the batch again on the new size.
            if (attempt >= MaxStaleRetries)
            {
                var contended = new InvalidOperationException($"The audit log could not append after {attempt + 1} attempts: other instances kept appending first.");
                foreach (var i in kept)
                {
                    batch[i].Done.TrySetException(contended);
                }

                return;
            }

            await ReloadQuietlyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var head = await _store.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        _frontier = await TreeFrontier.LoadAsync(Tree, head.Size, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _size, head.Size);
    }

    private async Task ReloadQuietlyAsync(CancellationToken cancellationToken)
    {
        for (var delay = TimeSpan.FromMilliseconds(10); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 5)))
        {
            try
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Until the store answers no batch can be built on a known size; appends wait in the queue meanwhile.
                LogReloadFailed(_logger, e);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed record PreparedBatch(List<Pending> Batch, DateTimeOffset Time, byte[][] Data, byte[][] Leaves);

    private sealed record Pending(AuditRecord Record, TaskCompletionSource<AuditAppended> Done, CancellationToken CancellationToken);
}
