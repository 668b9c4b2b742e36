using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The one-off per-row OPRF work of the server.</summary>
internal sealed partial class PreparedSetCache
{
    private const int Partitions = 256;

    // Tags are spread over 256 partition files by their first byte, then each partition is sorted and de-duplicated in
    // memory (1/256 of the set), so preparing 10M rows needs ~1 MiB per partition per million rows, never the whole set.
    // Sorting by tag puts the set in a random order unrelated to the input's order, which the client must not learn.
    private async Task<byte[]> PreparePsiAsync(Request request, Scan scan, string temp, CancellationToken cancellationToken)
    {
        var partitionDir = temp + ".parts";
        System.IO.Directory.CreateDirectory(partitionDir);
        try
        {
            using var digest = new RowDigest(request.Input.Columns);
            var writers = new FileStream[Partitions];
            try
            {
                for (var p = 0; p < Partitions; p++)
                    writers[p] = new FileStream(System.IO.Path.Combine(partitionDir, p.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096);
                var done = 0L;
                await foreach (var batch in request.Input.ReadBatchesAsync(ReadBatch, cancellationToken).ConfigureAwait(false))
                {
                    var tags = new byte[batch.Count][];
                    Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                    {
                        CheckRow(batch[i], request);
                        tags[i] = request.Oprf.Evaluate(request.SecretKey, Encoding.UTF8.GetBytes(batch[i][request.KeyColumn]))[..OprfWire.TagSize];
                    });
                    Interlocked.Add(ref _evaluations, batch.Count);
                    foreach (var row in batch) digest.Append(row);
                    foreach (var tag in tags) await writers[tag[0]].WriteAsync(tag, cancellationToken).ConfigureAwait(false);
                    done += batch.Count;
                    request.Progress?.Report(new ComputeProgress(0.5 * done / Math.Max(1, scan.Rows), "prepare-server-set"));
                }
            }
            finally
            {
                foreach (var writer in writers) if (writer is not null) await writer.DisposeAsync().ConfigureAwait(false);
            }

            await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var header = new byte[16];
            PreparedSet.PsiMagic.CopyTo(header);
            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            var total = 0L;
            for (var p = 0; p < Partitions; p++)
            {
                var bytes = await File.ReadAllBytesAsync(System.IO.Path.Combine(partitionDir, p.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
                var values = new UInt128[bytes.Length / OprfWire.TagSize];
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadUInt128BigEndian(bytes.AsSpan(i * OprfWire.TagSize));
                Array.Sort(values);
                var unique = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    if (i > 0 && values[i] == values[i - 1]) continue; // duplicate keys give one tag
                    BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(unique++ * OprfWire.TagSize), values[i]);
                }
                await output.WriteAsync(bytes.AsMemory(0, unique * OprfWire.TagSize), cancellationToken).ConfigureAwait(false);
                total += unique;
            }
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), total);
            output.Position = 0;
            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            return digest.Finish();
        }
        finally
        {
            System.IO.Directory.Delete(partitionDir, recursive: true);
        }
    }

    // Records go straight to their place: the scan counted every bucket, so each bucket's start is known. Each bucket
    // is then sorted by tag, hiding the input's order from the client that receives it.
    private async Task<byte[]> PrepareLookupAsync(Request request, Scan scan, string temp, CancellationToken cancellationToken)
    {
        if (scan.Rows < request.AnonymitySet)
            throw new OprfProtocolException($"The server's set has {scan.Rows} rows, fewer than the anonymity set of {request.AnonymitySet}: no query could hide among enough rows.");
        if (!ChaCha20Poly1305.IsSupported) throw new OprfProtocolException("ChaCha20-Poly1305 is not available on this platform.");
        var bits = OprfBuckets.ChoosePrefixBits(scan.BucketCounts!, request.AnonymitySet);
        var counts = new long[1 << bits];
        for (var i = 0; i < scan.BucketCounts!.Length; i++) counts[i >> (OprfBuckets.MaxPrefixBits - bits)] += scan.BucketCounts[i];
        var offsets = new long[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++) offsets[i + 1] = offsets[i] + counts[i];

        // Every plaintext is padded to the longest payload, so ciphertext lengths say nothing about other rows.
        var plaintextLength = 4 + scan.MaxPayload;
        var ciphertextLength = plaintextLength + PreparedSet.AeadTagSize;
        var recordSize = OprfWire.TagSize + PreparedSet.NonceSize + ciphertextLength;
        var header = new OprfWire.Writer().Bytes(PreparedSet.LookupMagic).Byte((byte)bits).UInt32((uint)ciphertextLength).Int64(scan.Rows);
        foreach (var offset in offsets) header.Int64(offset);
        var headerBytes = header.ToArray();

        using var digest = new RowDigest(request.Input.Columns);
        using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, headerBytes.Length + scan.Rows * recordSize))
        {
            await RandomAccess.WriteAsync(handle, headerBytes, 0, cancellationToken).ConfigureAwait(false);
            var cursor = new long[counts.Length];
            var done = 0L;
            await foreach (var batch in request.Input.ReadBatchesAsync(ReadBatch, cancellationToken).ConfigureAwait(false))
            {
                var records = new byte[batch.Count][];
                var buckets = new uint[batch.Count];
                Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    CheckRow(batch[i], request);
                    var key = batch[i][request.KeyColumn];
                    buckets[i] = OprfBuckets.Of(key, bits);
                    records[i] = SealRecord(request, key, EncodePayload(batch[i], request.PayloadColumns), plaintextLength);
                });
                Interlocked.Add(ref _evaluations, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    digest.Append(batch[i]);
                    var bucket = buckets[i];
                    if (cursor[bucket] >= counts[bucket]) throw new OprfProtocolException("The server's input changed while it was being prepared; run the task again.");
                    var position = headerBytes.Length + (offsets[bucket] + cursor[bucket]++) * recordSize;
                    await RandomAccess.WriteAsync(handle, records[i], position, cancellationToken).ConfigureAwait(false);
                }
                done += batch.Count;
                request.Progress?.Report(new ComputeProgress(0.5 * done / Math.Max(1, scan.Rows), "prepare-server-set"));
            }
            await SortBucketsAsync(handle, offsets, headerBytes.Length, recordSize, cancellationToken).ConfigureAwait(false);
        }
        return digest.Finish();
    }

    private static byte[] SealRecord(Request request, string key, byte[] payload, int plaintextLength)
    {
        var output = request.Oprf.Evaluate(request.SecretKey, Encoding.UTF8.GetBytes(key));
        var record = new byte[OprfWire.TagSize + PreparedSet.NonceSize + plaintextLength + PreparedSet.AeadTagSize];
        var tag = record.AsSpan(0, OprfWire.TagSize);
        output.AsSpan(0, OprfWire.TagSize).CopyTo(tag);
        var nonce = record.AsSpan(OprfWire.TagSize, PreparedSet.NonceSize);
        // A random nonce per record: the same key's record is sealed again whenever the input changes.
        RandomNumberGenerator.Fill(nonce);
        var plaintext = new byte[plaintextLength];
        BinaryPrimitives.WriteInt32BigEndian(plaintext, payload.Length);
        payload.CopyTo(plaintext.AsSpan(4));
        var ciphertext = record.AsSpan(OprfWire.TagSize + PreparedSet.NonceSize, plaintextLength);
        var aeadTag = record.AsSpan(OprfWire.TagSize + PreparedSet.NonceSize + plaintextLength);
        using var aead = new ChaCha20Poly1305(RowKey(output));
        aead.Encrypt(nonce, plaintext, ciphertext, aeadTag, tag);
        return record;
    }

    /// <summary>The AEAD key of a row: the second half of its OPRF output (the first 16 bytes are its public tag).</summary>
    public static byte[] RowKey(ReadOnlySpan<byte> oprfOutput) => oprfOutput[32..64].ToArray();

    private static async Task SortBucketsAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long[] offsets, long start, int recordSize, CancellationToken cancellationToken)
    {
        for (var b = 0; b < offsets.Length - 1; b++)
        {
            var count = (int)(offsets[b + 1] - offsets[b]);
            if (count < 2) continue;
            var bytes = new byte[count * recordSize];
            var position = start + offsets[b] * recordSize;
            await RandomAccess.ReadAsync(handle, bytes, position, cancellationToken).ConfigureAwait(false);
            var order = Enumerable.Range(0, count).ToArray();
            Array.Sort(order, (x, y) => bytes.AsSpan(x * recordSize, OprfWire.TagSize).SequenceCompareTo(bytes.AsSpan(y * recordSize, OprfWire.TagSize)));
            var sorted = new byte[bytes.Length];
            for (var i = 0; i < count; i++) bytes.AsSpan(order[i] * recordSize, recordSize).CopyTo(sorted.AsSpan(i * recordSize));
            await RandomAccess.WriteAsync(handle, sorted, position, cancellationToken).ConfigureAwait(false);
        }
    }
}
