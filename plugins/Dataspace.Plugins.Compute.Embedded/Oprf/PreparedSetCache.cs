using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// The server's prepared sets, on disk under <see cref="EcdhOprfOptions.CacheDirectory"/>, named by a digest of the
/// input's rows, the key, the mode and the attributes that shape them; bounded to
/// <see cref="EcdhOprfOptions.MaxPreparedSets"/> files, least recently used evicted. A later task over the same input
/// and key reads the file and does no per-row OPRF work.
/// </summary>
internal sealed partial class PreparedSetCache(EcdhOprfOptions options, TimeProvider time, ILogger<PreparedSetCache>? logger = null) : IDisposable
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private const int ReadBatch = 1024;
    private readonly SemaphoreSlim _prepare = new(1, 1);
    private long _evaluations;

    /// <summary>OPRF evaluations done to prepare sets since start (for tests and metrics).</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>The directory of the key and the prepared sets.</summary>
    public string Directory => options.CacheDirectory;

    /// <inheritdoc/>
    public void Dispose() => _prepare.Dispose();

    /// <summary>What to prepare.</summary>
    public sealed record Request(
        Ristretto255Oprf Oprf,
        Ristretto255Scalar SecretKey,
        string KeyId,
        IComputeInput Input,
        int KeyColumn,
        IReadOnlyList<int> PayloadColumns,
        bool Lookup,
        int AnonymitySet,
        IProgress<ComputeProgress>? Progress);

    /// <summary>Finds the prepared set of this input and key, or prepares it.</summary>
    public async Task<PreparedSet> GetOrPrepareAsync(Request request, CancellationToken cancellationToken)
    {
        var scan = await ScanAsync(request, cancellationToken).ConfigureAwait(false);
        var path = System.IO.Path.Combine(options.CacheDirectory, (request.Lookup ? "lookup-" : "psi-") + CacheName(request, scan.Digest) + ".prep");
        if (TryOpen(path) is { } cached)
        {
            Log.Reused(_logger, System.IO.Path.GetFileName(path), cached.Rows);
            return cached;
        }

        await _prepare.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another task may have prepared it while this one waited.
            if (TryOpen(path) is { } prepared) return prepared;
            System.IO.Directory.CreateDirectory(options.CacheDirectory);
            var started = time.GetTimestamp();
            var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";
            try
            {
                byte[] digest = request.Lookup
                    ? await PrepareLookupAsync(request, scan, temp, cancellationToken).ConfigureAwait(false)
                    : await PreparePsiAsync(request, scan, temp, cancellationToken).ConfigureAwait(false);
                if (!digest.AsSpan().SequenceEqual(scan.Digest))
                    throw new OprfProtocolException("The server's input changed while it was being prepared; run the task again.");
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            Evict(path);
            Log.Prepared(_logger, System.IO.Path.GetFileName(path), scan.Rows, time.GetElapsedTime(started));
            return PreparedSet.Open(path, reused: false);
        }
        finally
        {
            _prepare.Release();
        }
    }

    private PreparedSet? TryOpen(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
            return PreparedSet.Open(path, reused: true);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // Evicted meanwhile or damaged: prepare afresh.
            try { File.Delete(path); } catch (IOException) { }
            return null;
        }
    }

    private void Evict(string keep)
    {
        var files = new DirectoryInfo(options.CacheDirectory).GetFiles("*.prep")
            .OrderByDescending(f => f.FullName == keep).ThenByDescending(f => f.LastWriteTimeUtc).Skip(options.MaxPreparedSets);
        foreach (var file in files)
        {
            try
            {
                file.Delete();
                Log.Evicted(_logger, file.Name);
            }
            catch (IOException) { /* in use on a platform that forbids deleting open files: the next eviction retries */ }
        }
    }

    private static string CacheName(Request request, byte[] digest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var description = $"v1|{(request.Lookup ? "lookup" : "psi")}|mode{(int)request.Oprf.Mode}|{request.KeyId}|key{request.KeyColumn}|payload{string.Join(',', request.PayloadColumns)}|anon{(request.Lookup ? request.AnonymitySet : 0)}|";
        hash.AppendData(Encoding.UTF8.GetBytes(description));
        hash.AppendData(digest);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..40];
    }

    private sealed record Scan(byte[] Digest, long Rows, int[]? BucketCounts, int MaxPayload);

    // One cheap pass (SHA-256 only): the input's digest, and for lookup the bucket sizes and the longest payload.
    private static async Task<Scan> ScanAsync(Request request, CancellationToken cancellationToken)
    {
        using var digest = new RowDigest(request.Input.Columns);
        var counts = request.Lookup ? new int[1 << OprfBuckets.MaxPrefixBits] : null;
        var maxPayload = 0;
        await foreach (var batch in request.Input.ReadBatchesAsync(ReadBatch, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch)
            {
                CheckRow(row, request);
                digest.Append(row);
                if (counts is null) continue;
                counts[OprfBuckets.Of(row[request.KeyColumn], OprfBuckets.MaxPrefixBits)]++;
                maxPayload = Math.Max(maxPayload, EncodePayload(row, request.PayloadColumns).Length);
            }
        }
        return new Scan(digest.Finish(), digest.Rows, counts, maxPayload);
    }

    private static void CheckRow(string[] row, Request request)
    {
        if (row.Length != request.Input.Columns.Count)
            throw new OprfProtocolException($"A server row has {row.Length} values for {request.Input.Columns.Count} columns.");
        if (Encoding.UTF8.GetByteCount(row[request.KeyColumn]) > ushort.MaxValue)
            throw new OprfProtocolException("A server key is longer than 65535 bytes, the OPRF input limit.");
    }

    /// <summary>The payload columns of a row: each as a 2-byte length and UTF-8.</summary>
    public static byte[] EncodePayload(string[] row, IReadOnlyList<int> columns)
    {
        var writer = new OprfWire.Writer();
        foreach (var column in columns) writer.String(row[column]);
        return writer.ToArray();
    }

    /// <summary>SHA-256 over the column names and every row, each value length-prefixed, so no two tables collide.</summary>
    private sealed class RowDigest : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public RowDigest(IReadOnlyList<string> columns) => Append([.. columns]);

        public long Rows { get; private set; } = -1;

        public void Append(string[] row)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, row.Length);
            _hash.AppendData(length);
            foreach (var value in row)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                _hash.AppendData(length);
                _hash.AppendData(bytes);
            }
            Rows++;
        }

        public byte[] Finish() => _hash.GetHashAndReset();

        public void Dispose() => _hash.Dispose();
    }
}
