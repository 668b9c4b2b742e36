using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The client's side of PSI: blind, have evaluated, finalize, match against the server's tags.</summary>
internal sealed partial class EcdhOprfComponent
{
    private sealed record ServerParams(long Rows, Ristretto255Element? PublicKey, int PrefixBits, int CiphertextLength, IReadOnlyList<string> PayloadColumns);

    private static async Task<ComponentResult> RunClientAsync(ComponentContext context, OprfTaskSettings settings, string server, CancellationToken cancellationToken)
    {
        // Refuse before anything leaves when the agreement does not let this party receive the output.
        if (!context.Release.Allows(context.Self, settings.ReleaseKind))
            return ComponentResult.Failure($"The agreement does not allow '{context.Self}' to receive a '{settings.ReleaseKind}' output.");
        var input = OprfTaskSettings.Input(context);
        var keyIndex = settings.KeyIndex(input);
        return settings.Lookup
            ? await RunLookupClientAsync(context, settings, server, input, keyIndex, cancellationToken).ConfigureAwait(false)
            : await RunPsiClientAsync(context, settings, server, input, keyIndex, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ServerParams> HandshakeAsync(ComponentContext context, OprfTaskSettings settings, string server, int count, CancellationToken cancellationToken)
    {
        var hello = new OprfWire.Writer().Byte(OprfWire.Version).Byte(settings.Lookup ? (byte)1 : (byte)0).UInt32((uint)count).ToArray();
        await context.Channel.SendAsync(server, OprfWire.Hello, hello, cancellationToken).ConfigureAwait(false);
        var message = await context.Channel.ReceiveAsync(server, OprfWire.Params, cancellationToken).ConfigureAwait(false);
        var reader = new OprfWire.Reader(message.Span, "params");
        if (reader.Byte() != OprfWire.Version) throw new OprfProtocolException("The server speaks another protocol version.");
        if (reader.Byte() != 0)
        {
            var reason = reader.String();
            throw new OprfProtocolException($"The server refused the task: {reason}");
        }
        if (reader.Byte() != (settings.Lookup ? 1 : 0)) throw new OprfProtocolException("The server answered for another mode.");
        var rows = reader.Int64();
        if (rows < 0) throw new OprfProtocolException($"The server announced {rows} rows.");
        var verifiable = reader.Byte();
        if (verifiable != (settings.Verifiable ? 1 : 0)) throw new OprfProtocolException("The server's verifiability does not match the task's.");
        Ristretto255Element? pk = settings.Verifiable ? OprfWire.ReadElement(reader.Bytes(Ristretto255Element.Size), "public key") : null;
        int bits = 0, ciphertext = 0;
        var columns = new List<string>();
        if (settings.Lookup)
        {
            bits = reader.Byte();
            var ct = reader.UInt32();
            var n = reader.UInt32();
            if (bits > OprfBuckets.MaxPrefixBits) throw new OprfProtocolException($"The server announced {bits} prefix bits; at most {OprfBuckets.MaxPrefixBits} are allowed.");
            if (ct < PreparedSet.AeadTagSize + 4 || ct > context.Channel.MaxPayloadBytes) throw new OprfProtocolException($"The server announced ciphertexts of {ct} bytes.");
            if (n > 4096) throw new OprfProtocolException($"The server announced {n} payload columns.");
            ciphertext = (int)ct;
            for (var i = 0; i < n; i++) columns.Add(reader.String());
            // The anonymity set is the client's to check too: 2^bits buckets over the rows leave about rows/2^bits per bucket.
            if (rows >> bits < settings.AnonymitySet)
                throw new OprfProtocolException($"The server's {bits}-bit buckets over {rows} rows cannot hold the anonymity set of {settings.AnonymitySet}.");
        }
        reader.End();
        return new ServerParams(rows, pk, bits, ciphertext, columns);
    }

    private static async Task<ComponentResult> RunPsiClientAsync(ComponentContext context, OprfTaskSettings settings, string server, IComputeInput input, int keyIndex, CancellationToken cancellationToken)
    {
        // The client is the small side: its distinct keys are held in memory, bounded by max_queries.
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0L;
        await foreach (var batch in input.ReadBatchesAsync(4096, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch)
            {
                rows++;
                if (row.Length != input.Columns.Count) throw new OprfProtocolException($"A client row has {row.Length} values for {input.Columns.Count} columns.");
                if (Encoding.UTF8.GetByteCount(row[keyIndex]) > ushort.MaxValue) throw new OprfProtocolException("A client key is longer than 65535 bytes, the OPRF input limit.");
                if (seen.Add(row[keyIndex])) keys.Add(row[keyIndex]);
                if (keys.Count > settings.MaxQueries) throw new OprfProtocolException($"The client has more than max_queries ({settings.MaxQueries}) distinct keys.");
            }
        }
        if (keys.Count == 0) throw new OprfProtocolException("The client's input has no rows.");
        var serverParams = await HandshakeAsync(context, settings, server, keys.Count, cancellationToken).ConfigureAwait(false);
        var oprf = Suite(settings);

        // Tag (first 16 bytes of F(k, key)) to the key's index; sending and receiving run side by side, since both
        // directions are back-pressured.
        var tagToKey = new Dictionary<UInt128, int>(keys.Count);
        var pending = Channel.CreateUnbounded<(int First, Ristretto255Scalar[] Blinds, Ristretto255Element[] Blinded)>();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sender = Task.Run(async () =>
        {
            try
            {
                for (var first = 0; first < keys.Count; first += settings.BatchSize)
                {
                    var n = Math.Min(settings.BatchSize, keys.Count - first);
                    var blinds = new Ristretto255Scalar[n];
                    var blinded = new Ristretto255Element[n];
                    Parallel.For(0, n, i => (blinds[i], blinded[i]) = oprf.Blind(Encoding.UTF8.GetBytes(keys[first + i])));
                    await pending.Writer.WriteAsync((first, blinds, blinded), abort.Token).ConfigureAwait(false);
                    await context.Channel.SendAsync(server, OprfWire.Blinded, OprfWire.WriteElements(blinded, []), abort.Token).ConfigureAwait(false);
                }
                pending.Writer.Complete();
            }
            catch (Exception e)
            {
                pending.Writer.TryComplete(e);
                throw;
            }
        }, abort.Token);
        try
        {
            await foreach (var (first, blinds, blinded) in pending.Reader.ReadAllAsync(abort.Token).ConfigureAwait(false))
            {
                var message = await context.Channel.ReceiveAsync(server, OprfWire.Evaluated, abort.Token).ConfigureAwait(false);
                var evaluated = ReadEvaluated(oprf, serverParams, message, blinded, "evaluated");
                var tags = new UInt128[blinds.Length];
                Parallel.For(0, blinds.Length, i => tags[i] = Tag(Ristretto255Oprf.Finalize(Encoding.UTF8.GetBytes(keys[first + i]), blinds[i], evaluated[i])));
                for (var i = 0; i < tags.Length; i++) tagToKey.TryAdd(tags[i], first + i);
                context.Progress?.Report(new ComputeProgress(0.6 * (first + blinds.Length) / keys.Count, "evaluate"));
            }
            await sender.ConfigureAwait(false);
        }
        catch
        {
            await abort.CancelAsync().ConfigureAwait(false);
            try { await sender.ConfigureAwait(false); } catch (Exception) when (sender.IsFaulted || sender.IsCanceled) { /* the first failure is the one reported */ }
            throw;
        }

        var matched = new bool[keys.Count];
        var matches = 0;
        for (var received = 0L; received < serverParams.Rows;)
        {
            var message = await context.Channel.ReceiveAsync(server, OprfWire.Tags, cancellationToken).ConfigureAwait(false);
            if (message.Length < 4) throw new OprfProtocolException("A tags message is shorter than its count.");
            var n = BinaryPrimitives.ReadUInt32BigEndian(message.Span);
            if (n == 0 || n > serverParams.Rows - received || message.Length != 4L + n * OprfWire.TagSize)
                throw new OprfProtocolException($"A tags batch of {n} tags in {message.Length} bytes; {serverParams.Rows - received} tags were still expected.");
            for (var i = 0; i < n; i++)
            {
                var tag = BinaryPrimitives.ReadUInt128BigEndian(message.Span.Slice(4 + i * OprfWire.TagSize, OprfWire.TagSize));
                if (tagToKey.TryGetValue(tag, out var index) && !matched[index]) { matched[index] = true; matches++; }
            }
            received += n;
            context.Progress?.Report(new ComputeProgress(0.6 + 0.35 * received / Math.Max(1, serverParams.Rows), "match"));
        }

        if (settings.ReleaseKind == ReleaseKinds.Cardinality)
        {
            await context.Outputs.WriteValueAsync("cardinality", ReleaseKinds.Cardinality, JsonSerializer.SerializeToElement(matches), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The client's own rows whose key the server also holds, in the client's input order.
            var matchedKeys = new HashSet<string>(keys.Where((_, i) => matched[i]), StringComparer.Ordinal);
            await using var table = await context.Outputs.OpenTableAsync("intersection", ReleaseKinds.Intersection, input.Columns, cancellationToken).ConfigureAwait(false);
            await foreach (var batch in input.ReadBatchesAsync(4096, cancellationToken).ConfigureAwait(false))
            {
                var hits = batch.Where(row => matchedKeys.Contains(row[keyIndex])).ToList();
                if (hits.Count > 0) await table.WriteRowsAsync(hits, cancellationToken).ConfigureAwait(false);
            }
            await table.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        context.Progress?.Report(new ComputeProgress(1, "done"));
        return ComponentResult.Success(rows, new Dictionary<string, double> { ["intersection_size"] = matches, ["server_set_size"] = serverParams.Rows });
    }

    // Reads a batch of evaluated elements answering exactly the blinded ones sent, checking the proof when verifiable.
    private static Ristretto255Element[] ReadEvaluated(Ristretto255Oprf oprf, ServerParams serverParams, ReadOnlyMemory<byte> message, Ristretto255Element[] blinded, string what)
    {
        var proofSize = serverParams.PublicKey is null ? 0 : Ristretto255Oprf.ProofSize;
        var evaluated = OprfWire.ReadElements(message.Span, blinded.Length, proofSize, what, out var proof);
        if (evaluated.Length != blinded.Length) throw new OprfProtocolException($"The server evaluated {evaluated.Length} elements of a batch of {blinded.Length}.");
        if (serverParams.PublicKey is { } pk && !oprf.VerifyProof(pk, blinded, evaluated, proof))
            throw new OprfProtocolException("The server's DLEQ proof does not verify: it did not evaluate with the key it announced.");
        return evaluated;
    }

    private static UInt128 Tag(byte[] output) => BinaryPrimitives.ReadUInt128BigEndian(output.AsSpan(0, OprfWire.TagSize));
}
