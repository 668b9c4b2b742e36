using System.Buffers.Binary;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

internal sealed partial class EcdhPsiRun
{
    // The largest stream a party accepts: positions are 32-bit in the spill files.
    private const long MaxItems = uint.MaxValue - 1;

    /// <summary>
    /// Hashes and masks this party's keys, batch by batch, and sends them (H(x)^k); in <c>intersection-sum</c> mode the
    /// sender appends to each point its payload encrypted under its own Paillier key.
    /// </summary>
    private async Task MaskOwnAsync(CancellationToken cancellationToken, PaillierPrivateKey? paillier = null, bool shuffle = false)
    {
        await Task.Yield();
        // Shuffled (cardinality, intersection-sum at the sender): nothing is sent before every row is masked.
        var shuffler = shuffle ? new OwnItemShuffler(Path.Combine(_spill, "own"), PointBytes + (paillier?.Public.CiphertextBytes ?? 0), _options.RunCapacity) : null;
        try
        {
            await MaskOwnCoreAsync(paillier, shuffler, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (shuffler is not null) await shuffler.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task MaskOwnCoreAsync(PaillierPrivateKey? paillier, OwnItemShuffler? shuffler, CancellationToken cancellationToken)
    {
        var width = PointBytes + (paillier?.Public.CiphertextBytes ?? 0);
        var limit = paillier is null ? Batch : FrameLimit(width);
        var points = new byte[limit * PointBytes];
        var frameItems = paillier is null ? points : new byte[limit * width];
        var keys = new List<string>(limit);
        var values = new List<string>(limit);
        uint index = 0;
        long total = 0;
        await foreach (var rows in _input.ReadBatchesAsync(limit, cancellationToken).ConfigureAwait(false))
        {
            for (var start = 0; start < rows.Count; start += limit)
            {
                keys.Clear();
                values.Clear();
                var end = Math.Min(rows.Count, start + limit);
                for (var r = start; r < end; r++)
                {
                    var row = rows[r];
                    var column = Math.Max(_keyColumn, ValueColumn);
                    if (row.Length <= column || row[_keyColumn] is null)
                        throw new PsiInputException($"Row {total + r - start + 1} of the input has {row.Length} values; the key is column {_keyColumn + 1}{(ValueColumn >= 0 ? $" and the value column {ValueColumn + 1}" : "")}.");
                    keys.Add(row[_keyColumn]);
                    if (paillier is not null) values.Add(row[ValueColumn]);
                }
                if (total + keys.Count > MaxItems) throw new PsiInputException($"The input has more than {MaxItems} rows, the most one PSI task takes.");
                _group.HashAndMask(_key, keys, points, _options.DegreeOfParallelism, cancellationToken);
                if (paillier is not null) EncryptPayloads(paillier, values, points, frameItems, total, cancellationToken);
                if (shuffler is not null)
                {
                    await shuffler.AddAsync(frameItems.AsMemory(0, keys.Count * width), keys.Count, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    _sentBatches.Enqueue(keys.Count);
                    await SendAsync(MaskedTopic, PsiFrame.Encode(index++, keys.Count, frameItems.AsSpan(0, keys.Count * width)), cancellationToken).ConfigureAwait(false);
                }
                total += keys.Count;
                Report(0.1, "mask");
            }
        }
        if (shuffler is not null)
        {
            await foreach (var (items, count) in shuffler.ReadShuffledAsync(limit, cancellationToken).ConfigureAwait(false))
            {
                _sentBatches.Enqueue(count);
                await SendAsync(MaskedTopic, PsiFrame.Encode(index++, count, items.Span), cancellationToken).ConfigureAwait(false);
            }
        }
        _ownItems = total;
        _sentBatches.Enqueue(0);
        await SendAsync(MaskedTopic, PsiFrame.Encode(index, 0, []), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives the peer's masked items, multiplies them by this party's key (H(y)^kk'), and sends the last 12 bytes
    /// back in the same order (when the peer receives the intersection) and/or keeps them (when this party needs them).
    /// </summary>
    private async Task MaskPeerAsync(SpillingSorter? keep, bool sendBack, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var products = new byte[Batch * TagBytes];
        var tags = new MaskedTag[Batch];
        uint index = 0;
        long total = 0;
        while (true)
        {
            var frame = await ReceiveAsync(MaskedTopic, cancellationToken).ConfigureAwait(false);
            var points = PsiFrame.Decode(frame, index, PointBytes, Batch, "masked", out var count);
            if (count == 0)
            {
                if (sendBack) await SendAsync(DualTopic, PsiFrame.Encode(index, 0, []), cancellationToken).ConfigureAwait(false);
                break;
            }
            if (total + count > MaxItems) throw new PsiProtocolException($"The peer sent more than {MaxItems} items, the most one PSI task takes.");
            var bad = _group.MaskPeer(_key, points, count, products, TagBytes, _options.DegreeOfParallelism, cancellationToken);
            if (bad >= 0)
                throw new PsiProtocolException($"Item {bad} of the peer's masked batch {index} is not a valid {_group.Name} point: not a canonical encoding, or of low order (its product is the zero point or the identity).");
            if (sendBack)
                await SendAsync(DualTopic, PsiFrame.Encode(index, count, products.AsSpan(0, count * TagBytes)), cancellationToken).ConfigureAwait(false);
            if (keep is not null)
            {
                for (var i = 0; i < count; i++) tags[i] = MaskedTag.Read(products.AsSpan(i * TagBytes, TagBytes), 0);
                await keep.AddAsync(tags.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
            total += count;
            index++;
        }
        _peerItems = total;
    }

    /// <summary>Receives this party's own items double-masked, in the order it sent them, and keeps them with their positions.</summary>
    private async Task ReceiveDualAsync(SpillingSorter keep, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var tags = new MaskedTag[Batch];
        uint index = 0;
        uint position = 0;
        while (true)
        {
            var frame = await ReceiveAsync(DualTopic, cancellationToken).ConfigureAwait(false);
            if (!_sentBatches.TryDequeue(out var expected))
                throw new PsiProtocolException($"The peer sent double-masked batch {index} before this party sent masked batch {index}.");
            var items = PsiFrame.Decode(frame, index, TagBytes, Batch, "double-masked", out var count);
            if (count != expected)
                throw new PsiProtocolException($"The peer's double-masked batch {index} has {count} items; this party's masked batch {index} had {expected}.");
            if (count == 0) break;
            for (var i = 0; i < count; i++) tags[i] = MaskedTag.Read(items.Span.Slice(i * TagBytes, TagBytes), position++);
            await keep.AddAsync(tags.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            index++;
        }
    }

    /// <summary>Sends the receiver's double-masked items in ascending order, which is a random order of its rows.</summary>
    private async Task SendSortedAsync(ISortedTagSource sorted, CancellationToken cancellationToken)
    {
        var buffer = new byte[Batch * TagBytes];
        var count = 0;
        uint index = 0;
        while (await sorted.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            sorted.Current.Write(buffer.AsSpan(count * TagBytes, TagBytes));
            if (++count < Batch) continue;
            await SendAsync(DualTopic, PsiFrame.Encode(index++, count, buffer), cancellationToken).ConfigureAwait(false);
            count = 0;
        }
        if (count > 0) await SendAsync(DualTopic, PsiFrame.Encode(index++, count, buffer.AsSpan(0, count * TagBytes)), cancellationToken).ConfigureAwait(false);
        await SendAsync(DualTopic, PsiFrame.Encode(index, 0, []), cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ReceiveSizeAsync(CancellationToken cancellationToken)
    {
        var message = await ReceiveAsync(SizeTopic, cancellationToken).ConfigureAwait(false);
        if (message.Length != sizeof(long)) throw new PsiProtocolException($"The receiver's intersection size has {message.Length} bytes; expected {sizeof(long)}.");
        var size = BinaryPrimitives.ReadInt64LittleEndian(message.Span);
        if (size < 0 || size > _ownItems || size > _peerItems)
            throw new PsiProtocolException($"The receiver reported an intersection size of {size}, impossible with {_ownItems} items here and {_peerItems} there.");
        return size;
    }

    /// <summary>
    /// Counts the distinct values present in both sorted streams (a sort-merge, so memory stays bounded) and marks the
    /// position of the first of this party's rows with each common value.
    /// </summary>
    private static async Task<long> CountCommonAsync(ISortedTagSource mine, ISortedTagSource theirs, ulong[]? marks, CancellationToken cancellationToken)
    {
        long common = 0;
        var hasMine = await mine.MoveNextAsync(cancellationToken).ConfigureAwait(false);
        var hasTheirs = await theirs.MoveNextAsync(cancellationToken).ConfigureAwait(false);
        while (hasMine && hasTheirs)
        {
            var c = mine.Current.CompareValue(theirs.Current);
            if (c < 0)
            {
                hasMine = await mine.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (c > 0)
            {
                hasTheirs = await theirs.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var value = mine.Current;
                common++;
                if (marks is not null) marks[value.Index >> 6] |= 1UL << (int)(value.Index & 63);
                do hasMine = await mine.MoveNextAsync(cancellationToken).ConfigureAwait(false);
                while (hasMine && mine.Current.SameValue(value));
                do hasTheirs = await theirs.MoveNextAsync(cancellationToken).ConfigureAwait(false);
                while (hasTheirs && theirs.Current.SameValue(value));
            }
        }
        return common;
    }

    /// <summary>Reads the input again and writes the key of every marked row (each common key once).</summary>
    private async Task WriteIntersectionAsync(ulong[] marks, CancellationToken cancellationToken)
    {
        var table = await _context.Outputs.OpenTableAsync("intersection", ReleaseKinds.Intersection, [_input.Columns[_keyColumn]], cancellationToken).ConfigureAwait(false);
        await using (table.ConfigureAwait(false))
        {
            long position = 0;
            var found = new List<string[]>();
            await foreach (var rows in _input.ReadBatchesAsync(Batch, cancellationToken).ConfigureAwait(false))
            {
                found.Clear();
                foreach (var row in rows)
                {
                    if (position >= _ownItems) throw new PsiInputException("The input grew while the task ran; it must not change during a task.");
                    if ((marks[position >> 6] & (1UL << (int)(position & 63))) != 0) found.Add([row[_keyColumn]]);
                    position++;
                }
                if (found.Count > 0) await table.WriteRowsAsync(found, cancellationToken).ConfigureAwait(false);
            }
            await table.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sender's sorted stream of the receiver's double-masked items, checked as it is read.</summary>
    private sealed class SortedDualStream(EcdhPsiRun run) : ISortedTagSource
    {
        private ReadOnlyMemory<byte> _items;
        private int _count;
        private int _next;
        private uint _index;
        private long _total;
        private bool _ended;
        private bool _any;

        public MaskedTag Current { get; private set; }

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            while (_next == _count)
            {
                if (_ended) return false;
                var frame = await run.ReceiveAsync(DualTopic, cancellationToken).ConfigureAwait(false);
                _items = PsiFrame.Decode(frame, _index, TagBytes, run.Batch, "sorted double-masked", out _count);
                _next = 0;
                _index++;
                _total += _count;
                if (_total > run._ownItems)
                    throw new PsiProtocolException($"The peer sent {_total} double-masked items or more; this party sent {run._ownItems}.");
                if (_count == 0)
                {
                    _ended = true;
                    if (_total != run._ownItems)
                        throw new PsiProtocolException($"The peer sent {_total} double-masked items; this party sent {run._ownItems}.");
                }
            }
            var tag = MaskedTag.Read(_items.Span.Slice(_next++ * TagBytes, TagBytes), 0);
            if (_any && tag.CompareValue(Current) < 0)
                throw new PsiProtocolException($"The peer's double-masked items are not in ascending order (batch {_index - 1}); in cardinality mode they must be, so that their order reveals nothing.");
            _any = true;
            Current = tag;
            return true;
        }

        /// <summary>Reads to the end of the stream, so the sender is never left waiting and the total is checked.</summary>
        public async ValueTask DrainAsync(CancellationToken cancellationToken)
        {
            while (await MoveNextAsync(cancellationToken).ConfigureAwait(false)) { }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
