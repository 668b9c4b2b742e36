using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// A server set evaluated under the OPRF key, on disk. PSI: <c>"OPRFPSI1"</c>, row count (8), then the sorted, unique
/// 16-byte tags. Lookup: <c>"OPRFLKP1"</c>, prefix bits (1), ciphertext length (4), row count (8), the 2^bits + 1
/// record offsets of the buckets (8 each), then fixed-size records tag (16) || nonce (12) || ciphertext, bucket by bucket.
/// </summary>
internal sealed class PreparedSet : IDisposable
{
    public static ReadOnlySpan<byte> PsiMagic => "OPRFPSI1"u8;
    public static ReadOnlySpan<byte> LookupMagic => "OPRFLKP1"u8;
    public const int NonceSize = 12;
    public const int AeadTagSize = 16;

    private readonly long[] _offsets;
    private readonly long _recordsStart;
    private readonly SafeFileHandle _handle;

    private PreparedSet(SafeFileHandle handle, string path, bool lookup, long rows, int prefixBits, int ciphertextLength, long[] offsets, long recordsStart, bool reused)
    {
        _handle = handle;
        Path = path;
        IsLookup = lookup;
        Rows = rows;
        PrefixBits = prefixBits;
        CiphertextLength = ciphertextLength;
        _offsets = offsets;
        _recordsStart = recordsStart;
        Reused = reused;
    }

    public string Path { get; }
    public bool IsLookup { get; }

    /// <summary>PSI: distinct tags; lookup: rows.</summary>
    public long Rows { get; }

    public int PrefixBits { get; }
    public int CiphertextLength { get; }

    /// <summary>Whether this task found the set already prepared (no per-row OPRF work).</summary>
    public bool Reused { get; }

    /// <summary>Size of one lookup record.</summary>
    public int RecordSize => OprfWire.TagSize + NonceSize + CiphertextLength;

    /// <summary>Opens and checks a prepared file; the set keeps it open, so an eviction meanwhile does not disturb a task.</summary>
    public static PreparedSet Open(string path, bool reused)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            return Open(handle, path, reused);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private static PreparedSet Open(SafeFileHandle handle, string path, bool reused)
    {
        Span<byte> header = stackalloc byte[21];
        var read = RandomAccess.Read(handle, header, 0);
        if (read >= 16 && header[..8].SequenceEqual(PsiMagic))
        {
            var rows = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
            if (rows < 0 || RandomAccess.GetLength(handle) != 16 + rows * OprfWire.TagSize) throw new InvalidDataException($"The prepared set '{path}' is damaged.");
            return new PreparedSet(handle, path, false, rows, 0, 0, [], 16, reused);
        }
        if (read == 21 && header[..8].SequenceEqual(LookupMagic))
        {
            int bits = header[8];
            var ciphertext = BinaryPrimitives.ReadInt32BigEndian(header[9..]);
            var rows = BinaryPrimitives.ReadInt64BigEndian(header[13..]);
            if (bits > OprfBuckets.MaxPrefixBits || ciphertext < AeadTagSize || rows < 0) throw new InvalidDataException($"The prepared set '{path}' is damaged.");
            var offsetBytes = new byte[((1 << bits) + 1) * 8];
            if (RandomAccess.Read(handle, offsetBytes, 21) != offsetBytes.Length) throw new InvalidDataException($"The prepared set '{path}' is damaged.");
            var offsets = new long[(1 << bits) + 1];
            for (var i = 0; i < offsets.Length; i++) offsets[i] = BinaryPrimitives.ReadInt64BigEndian(offsetBytes.AsSpan(i * 8));
            var start = 21L + offsetBytes.Length;
            var set = new PreparedSet(handle, path, true, rows, bits, ciphertext, offsets, start, reused);
            if (offsets[^1] != rows || RandomAccess.GetLength(handle) != start + rows * set.RecordSize) throw new InvalidDataException($"The prepared set '{path}' is damaged.");
            return set;
        }
        throw new InvalidDataException($"'{path}' is not a prepared set.");
    }

    /// <summary>Streams the PSI tags in batches of at most <paramref name="perBatch"/> tags (each batch one byte array).</summary>
    public async IAsyncEnumerable<(byte[] Tags, int Count)> ReadTagBatchesAsync(int perBatch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var done = 0L; done < Rows;)
        {
            var count = (int)Math.Min(perBatch, Rows - done);
            var buffer = new byte[count * OprfWire.TagSize];
            var read = await RandomAccess.ReadAsync(_handle, buffer, _recordsStart + done * OprfWire.TagSize, cancellationToken).ConfigureAwait(false);
            if (read != buffer.Length) throw new InvalidDataException($"The prepared set '{Path}' is damaged.");
            done += count;
            yield return (buffer, count);
        }
    }

    /// <summary>The number of rows in a lookup bucket.</summary>
    public long BucketRows(uint bucket) => _offsets[bucket + 1] - _offsets[bucket];

    /// <summary>Reads records [first, first + count) of a lookup bucket.</summary>
    public async Task<byte[]> ReadBucketRecordsAsync(uint bucket, long first, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count * RecordSize];
        var position = _recordsStart + (_offsets[bucket] + first) * RecordSize;
        var read = await RandomAccess.ReadAsync(_handle, buffer, position, cancellationToken).ConfigureAwait(false);
        if (read != buffer.Length) throw new InvalidDataException($"The prepared set '{Path}' is damaged.");
        return buffer;
    }
}
