using System.Buffers.Binary;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The server's side: refuse what the agreement forbids, prepare (or reuse) the set, evaluate blinded elements.</summary>
internal sealed partial class EcdhOprfComponent
{
    private async Task<ComponentResult> RunServerAsync(ComponentContext context, OprfTaskSettings settings, string client, CancellationToken cancellationToken)
    {
        var channel = context.Channel;
        var hello = await channel.ReceiveAsync(client, OprfWire.Hello, cancellationToken).ConfigureAwait(false);
        var reader = new OprfWire.Reader(hello.Span, "hello");
        var version = reader.Byte();
        var mode = reader.Byte();
        var count = reader.UInt32();
        reader.End();

        // Everything the agreement or the attributes forbid is refused here, before any OPRF work, and the client is
        // told why.
        string? refusal = null;
        if (version != OprfWire.Version) refusal = $"The client speaks protocol version {version}; the server speaks {OprfWire.Version}.";
        else if (mode != (settings.Lookup ? 1 : 0)) refusal = $"The client asked for mode {mode}; the task's mode is '{(settings.Lookup ? "lookup" : "psi")}'.";
        else if (!context.Release.Allows(client, settings.ReleaseKind)) refusal = $"The agreement does not allow '{client}' to receive a '{settings.ReleaseKind}' output.";
        else if (count == 0) refusal = "The client announced no items.";
        else if (count > (uint)settings.MaxQueries) refusal = $"The client announced {count} items, more than max_queries ({settings.MaxQueries}).";
        if (refusal is not null)
        {
            await channel.SendAsync(client, OprfWire.Params, new OprfWire.Writer().Byte(OprfWire.Version).Byte(1).String(refusal).ToArray(), cancellationToken).ConfigureAwait(false);
            return ComponentResult.Failure(refusal);
        }

        var input = OprfTaskSettings.Input(context);
        var keyIndex = settings.KeyIndex(input);
        var payload = settings.Lookup ? settings.PayloadIndexes(input, keyIndex) : [];
        var oprf = Suite(settings);
        var (sk, pk, keyId) = serverKey.Get(oprf);
        context.Progress?.Report(new ComputeProgress(0, "prepare-server-set"));
        using var set = await cache.GetOrPrepareAsync(
            new PreparedSetCache.Request(oprf, sk, keyId, input, keyIndex, payload, settings.Lookup, settings.AnonymitySet, context.Progress),
            cancellationToken).ConfigureAwait(false);
        if (settings.Lookup && 4 + set.RecordSize > channel.MaxPayloadBytes)
            throw new OprfProtocolException($"A lookup row of {set.RecordSize} bytes does not fit the channel's {channel.MaxPayloadBytes}-byte messages.");

        var parameters = new OprfWire.Writer().Byte(OprfWire.Version).Byte(0).Byte(mode).Int64(set.Rows).Byte(settings.Verifiable ? (byte)1 : (byte)0);
        if (settings.Verifiable) parameters.Bytes(pk.Span);
        if (settings.Lookup)
        {
            parameters.Byte((byte)set.PrefixBits).UInt32((uint)set.CiphertextLength).UInt32((uint)payload.Length);
            foreach (var column in payload) parameters.String(input.Columns[column]);
        }
        await channel.SendAsync(client, OprfWire.Params, parameters.ToArray(), cancellationToken).ConfigureAwait(false);

        var evaluated = settings.Lookup
            ? await ServeLookupAsync(context, settings, client, oprf, sk, pk, set, count, cancellationToken).ConfigureAwait(false)
            : await ServePsiAsync(context, settings, client, oprf, sk, pk, set, count, cancellationToken).ConfigureAwait(false);
        context.Progress?.Report(new ComputeProgress(1, "done"));
        return ComponentResult.Success(set.Rows, new Dictionary<string, double>
        {
            ["prepared_set_reused"] = set.Reused ? 1 : 0,
            ["rows_prepared"] = set.Reused ? 0 : set.Rows,
            ["server_set_size"] = set.Rows,
            ["client_items"] = count,
            ["blinded_evaluated"] = evaluated,
        });
    }

    private static async Task<long> ServePsiAsync(ComponentContext context, OprfTaskSettings settings, string client, Ristretto255Oprf oprf, Ristretto255Scalar sk, Ristretto255Element pk, PreparedSet set, uint count, CancellationToken cancellationToken)
    {
        var channel = context.Channel;
        var remaining = (long)count;
        while (remaining > 0)
        {
            var message = await channel.ReceiveAsync(client, OprfWire.Blinded, cancellationToken).ConfigureAwait(false);
            var blinded = OprfWire.ReadElements(message.Span, (int)Math.Min(settings.BatchSize, remaining), 0, "blinded", out _);
            var reply = Evaluate(oprf, sk, pk, blinded, settings.Verifiable);
            await channel.SendAsync(client, OprfWire.Evaluated, reply, cancellationToken).ConfigureAwait(false);
            remaining -= blinded.Length;
            context.Progress?.Report(new ComputeProgress(0.5 + 0.4 * (count - remaining) / count, "evaluate"));
        }

        var perMessage = Math.Min(65536, (channel.MaxPayloadBytes - 4) / OprfWire.TagSize);
        await foreach (var (tags, n) in set.ReadTagBatchesAsync(perMessage, cancellationToken).ConfigureAwait(false))
        {
            var message = new byte[4 + tags.Length];
            BinaryPrimitives.WriteUInt32BigEndian(message, (uint)n);
            tags.CopyTo(message, 4);
            await channel.SendAsync(client, OprfWire.Tags, message, cancellationToken).ConfigureAwait(false);
        }
        return count;
    }

    private static async Task<long> ServeLookupAsync(ComponentContext context, OprfTaskSettings settings, string client, Ristretto255Oprf oprf, Ristretto255Scalar sk, Ristretto255Element pk, PreparedSet set, uint count, CancellationToken cancellationToken)
    {
        var channel = context.Channel;
        var perMessage = Math.Max(1, (channel.MaxPayloadBytes - 4) / set.RecordSize);
        for (var q = 0; q < count; q++)
        {
            var message = await channel.ReceiveAsync(client, OprfWire.Query, cancellationToken).ConfigureAwait(false);
            if (message.Length != 4 + Ristretto255Element.Size)
                throw new OprfProtocolException($"A query of {message.Length} bytes; expected {4 + Ristretto255Element.Size} (bucket and blinded element).");
            var bucket = BinaryPrimitives.ReadUInt32BigEndian(message.Span);
            if (bucket >= 1u << set.PrefixBits) throw new OprfProtocolException($"A query for bucket {bucket}; the server has 2^{set.PrefixBits} buckets.");
            var blinded = OprfWire.ReadElement(message.Span[4..], "query");
            var evaluation = Evaluate(oprf, sk, pk, [blinded], settings.Verifiable);
            var rows = set.BucketRows(bucket);
            var answer = new byte[evaluation.Length - 4 + 4];
            evaluation.AsSpan(4).CopyTo(answer);
            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(answer.Length - 4), (uint)rows);
            await channel.SendAsync(client, OprfWire.Answer, answer, cancellationToken).ConfigureAwait(false);
            for (var first = 0L; first < rows; first += perMessage)
            {
                var n = (int)Math.Min(perMessage, rows - first);
                var records = await set.ReadBucketRecordsAsync(bucket, first, n, cancellationToken).ConfigureAwait(false);
                var batch = new byte[4 + records.Length];
                BinaryPrimitives.WriteUInt32BigEndian(batch, (uint)n);
                records.CopyTo(batch, 4);
                await channel.SendAsync(client, OprfWire.Rows, batch, cancellationToken).ConfigureAwait(false);
            }
            context.Progress?.Report(new ComputeProgress(0.5 + 0.5 * (q + 1) / count, "answer-queries"));
        }
        return count;
    }

    // BlindEvaluate for a batch, with one batched DLEQ proof in the verifiable mode.
    private static byte[] Evaluate(Ristretto255Oprf oprf, Ristretto255Scalar sk, Ristretto255Element pk, Ristretto255Element[] blinded, bool verifiable)
    {
        var evaluated = new Ristretto255Element[blinded.Length];
        Parallel.For(0, blinded.Length, i => evaluated[i] = Ristretto255Oprf.BlindEvaluate(sk, blinded[i]));
        var proof = verifiable ? oprf.GenerateProof(sk, pk, blinded, evaluated) : [];
        return OprfWire.WriteElements(evaluated, proof);
    }
}
