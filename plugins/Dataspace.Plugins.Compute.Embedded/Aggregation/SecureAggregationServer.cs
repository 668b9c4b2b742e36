using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>The sum of the surviving clients' vectors, and which clients those were (1-based indices).</summary>
internal sealed record SecureAggregationResult<T>(T[] Sum, IReadOnlyList<int> Survivors);

/// <summary>
/// The aggregator's side of one secure aggregation: it relays keys and encrypted shares, collects masked vectors,
/// treats clients silent past the round timeout as dropped, and removes the masks with the shares the survivors
/// reveal. It sees only masked vectors and, per client, one of its two secrets: the sum is all it learns.
/// </summary>
internal static class SecureAggregationServer<T> where T : unmanaged, IBinaryInteger<T>
{
    public static async Task<SecureAggregationResult<T>> RunAsync(IComputeChannel channel, SecureAggregationOptions options, TimeProvider time,
        IProgress<ComputeProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var binding = options.Binding();
        var n = options.Clients.Count;
        var pending = Enumerable.Range(1, n).ToList();
        var waitingOn = SecureAggregationSteps.Roster;
        try
        {
            // Round 0: keys.
            var keys = await GatherAsync(channel, options, pending, SecureAggregationSteps.Keys, time, (index, body) =>
            {
                var reader = new WireReader(body.Span, SecureAggregationSteps.Keys);
                var c = reader.Take(32).ToArray();
                var s = reader.Take(32).ToArray();
                reader.End();
                return (CPublic: c, SPublic: s);
            }, cancellationToken).ConfigureAwait(false);
            await DropLateAsync(channel, options, pending, keys.Keys, waitingOn).ConfigureAwait(false);
            var u1 = Require(keys.Keys, options.Threshold, "advertised keys");
            if (keys.Values.Select(k => Convert.ToHexString(k.SPublic)).Distinct().Count() != keys.Count ||
                keys.Values.Select(k => Convert.ToHexString(k.CPublic)).Distinct().Count() != keys.Count)
                throw new SecureAggregationException("Two clients advertised the same key.");
            var roster = new byte[1 + 2 + u1.Count * 66];
            roster[0] = WireFormat.Data;
            BinaryPrimitives.WriteUInt16LittleEndian(roster.AsSpan(1), (ushort)u1.Count);
            for (var i = 0; i < u1.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(roster.AsSpan(3 + i * 66), (ushort)u1[i]);
                keys[u1[i]].CPublic.CopyTo(roster, 5 + i * 66);
                keys[u1[i]].SPublic.CopyTo(roster, 37 + i * 66);
            }
            await BroadcastAsync(channel, options, u1, SecureAggregationSteps.Roster, roster, cancellationToken).ConfigureAwait(false);
            pending = u1;
            waitingOn = SecureAggregationSteps.SharesIn;
            progress?.Report(new ComputeProgress(0.2, "secure-sum-keys"));

            // Round 1: encrypted shares, relayed to their addressees.
            var shares = await GatherAsync(channel, options, pending, SecureAggregationSteps.Shares, time,
                (index, body) => ParseShares(body, index, u1), cancellationToken).ConfigureAwait(false);
            await DropLateAsync(channel, options, pending, shares.Keys, waitingOn).ConfigureAwait(false);
            var u2 = Require(shares.Keys, options.Threshold, "shared their keys");
            foreach (var to in u2)
            {
                var senders = u2.Where(from => from != to).ToList();
                var message = new byte[1 + 2 + senders.Count * (2 + SecureAggregationSteps.CipherBytes)];
                message[0] = WireFormat.Data;
                BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(1), (ushort)senders.Count);
                for (var i = 0; i < senders.Count; i++)
                {
                    var at = 3 + i * (2 + SecureAggregationSteps.CipherBytes);
                    BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at), (ushort)senders[i]);
                    shares[senders[i]][to].CopyTo(message, at + 2);
                }
                await channel.SendAsync(options.Clients[to - 1], options.TopicOf(SecureAggregationSteps.SharesIn), message, cancellationToken).ConfigureAwait(false);
            }
            pending = u2;
            waitingOn = SecureAggregationSteps.Survivors;
            progress?.Report(new ComputeProgress(0.4, "secure-sum-shares"));

            // Round 2: masked vectors, summed as each one completes.
            var sum = new T[options.VectorLength];
            var gate = new Lock();
            var masked = await GatherManyAsync(channel, options, pending, time, (index, vector) =>
            {
                lock (gate) MaskPrg.Add<T>(sum, vector);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            await DropLateAsync(channel, options, pending, masked.Keys, waitingOn).ConfigureAwait(false);
            // Below the minimum group the sum would describe too few parties to release.
            var u3 = Require(masked.Keys, Math.Max(options.Threshold, options.MinSurvivors), "sent their masked vectors");
            var survivorsMessage = new byte[1 + 2 + 2 * u3.Count];
            survivorsMessage[0] = WireFormat.Data;
            BinaryPrimitives.WriteUInt16LittleEndian(survivorsMessage.AsSpan(1), (ushort)u3.Count);
            for (var i = 0; i < u3.Count; i++) BinaryPrimitives.WriteUInt16LittleEndian(survivorsMessage.AsSpan(3 + 2 * i), (ushort)u3[i]);
            await BroadcastAsync(channel, options, u3, SecureAggregationSteps.Survivors, survivorsMessage, cancellationToken).ConfigureAwait(false);
            pending = u3;
            waitingOn = SecureAggregationSteps.Done;
            progress?.Report(new ComputeProgress(0.7, "secure-sum-masked"));

            // Round 3: one share per client of U2 from each survivor; recover self-mask seeds and dropped mask keys.
            var survivorSet = u3.ToHashSet();
            var unmask = await GatherAsync(channel, options, pending, SecureAggregationSteps.Unmask, time,
                (index, body) => ParseUnmask(body, u2, survivorSet), cancellationToken).ConfigureAwait(false);
            var u4 = Require(unmask.Keys, options.Threshold, "revealed their shares");
            var helpers = u4.Take(options.Threshold).ToList();
            var secret = new byte[32];
            foreach (var v in u2)
            {
                if (!Shamir.TryCombine(helpers.Select(h => (h, unmask[h][v])).ToList(), secret))
                    throw new SecureAggregationException($"The shares for client {v} do not combine into a secret.");
                if (survivorSet.Contains(v))
                {
                    MaskPrg.Accumulate<T>(secret, sum, subtract: true);
                    continue;
                }
                // A dropped client: its mask key must match the public key it advertised, then cancel its pair masks.
                if (!X25519.PublicOf(secret).AsSpan().SequenceEqual(keys[v].SPublic))
                    throw new SecureAggregationException($"The recovered mask key of dropped client {v} does not match its public key.");
                var seed = new byte[MaskPrg.SeedBytes];
                foreach (var u in u3)
                {
                    if (!X25519.TryAgree(secret, keys[u].SPublic, SecureAggregationSteps.MaskInfo(binding), seed))
                        throw new SecureAggregationException($"Client {u}'s mask key is invalid.");
                    // u added the mask when u < v and subtracted it otherwise: undo that.
                    MaskPrg.Accumulate<T>(seed, sum, subtract: u < v);
                }
            }
            await BroadcastAsync(channel, options, u3, SecureAggregationSteps.Done, [WireFormat.Data], cancellationToken).ConfigureAwait(false);
            progress?.Report(new ComputeProgress(1.0, "secure-sum-done"));
            return new SecureAggregationResult<T>(sum, u3);
        }
        catch (SecureAggregationException e)
        {
            foreach (var index in pending)
                await TrySendAsync(channel, options.Clients[index - 1], options.TopicOf(waitingOn), WireFormat.AbortMessage(e.Message)).ConfigureAwait(false);
            throw;
        }
    }

    private static List<int> Require(IEnumerable<int> responded, int least, string what)
    {
        var list = responded.Order().ToList();
        if (list.Count < least) throw new SecureAggregationException($"Only {list.Count} clients {what}; at least {least} are required.");
        return list;
    }

    private static Dictionary<int, byte[]> ParseShares(ReadOnlyMemory<byte> body, int from, List<int> u1)
    {
        var reader = new WireReader(body.Span, SecureAggregationSteps.Shares);
        var count = reader.U16();
        if (count != u1.Count - 1) throw new SecureAggregationException($"Client {from} sent {count} shares for {u1.Count - 1} peers.");
        var result = new Dictionary<int, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var to = reader.U16();
            var sealedShare = reader.Take(SecureAggregationSteps.CipherBytes).ToArray();
            if (to == from || !u1.Contains(to) || !result.TryAdd(to, sealedShare))
                throw new SecureAggregationException($"Client {from} addressed a share to {to}, which is not another client of the roster or came twice.");
        }
        reader.End();
        return result;
    }

    private static Dictionary<int, byte[]> ParseUnmask(ReadOnlyMemory<byte> body, List<int> u2, HashSet<int> survivors)
    {
        var reader = new WireReader(body.Span, SecureAggregationSteps.Unmask);
        var count = reader.U16();
        if (count != u2.Count) throw new SecureAggregationException($"An unmasking message with {count} shares for {u2.Count} clients.");
        var result = new Dictionary<int, byte[]>();
        foreach (var expected in u2)
        {
            var index = reader.U16();
            var kind = reader.U8();
            var share = reader.Take(Shamir.ShareBytes).ToArray();
            var wanted = survivors.Contains(expected) ? SecureAggregationSteps.SeedShareKind : SecureAggregationSteps.KeyShareKind;
            if (index != expected || kind != wanted || !Shamir.IsValidShare(share))
                throw new SecureAggregationException($"An unmasking message has the wrong share for client {expected}.");
            result[index] = share;
        }
        reader.End();
        return result;
    }

    /// <summary>One message per client within the round timeout; silent or departed clients are left out (dropped).</summary>
    private static async Task<Dictionary<int, TResult>> GatherAsync<TResult>(IComputeChannel channel, SecureAggregationOptions options, List<int> from,
        string step, TimeProvider time, Func<int, ReadOnlyMemory<byte>, TResult> parse, CancellationToken cancellationToken)
        => await GatherCoreAsync(options, from, time, async (index, ct) =>
        {
            var message = await channel.ReceiveAsync(options.Clients[index - 1], options.TopicOf(step), ct).ConfigureAwait(false);
            return parse(index, WireFormat.Body(message, $"client {index}", step));
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Each client's masked vector, in chunks, handed to <paramref name="complete"/> only once whole.</summary>
    private static async Task<Dictionary<int, bool>> GatherManyAsync(IComputeChannel channel, SecureAggregationOptions options, List<int> from,
        TimeProvider time, Func<int, T[], bool> complete, CancellationToken cancellationToken)
    {
        var size = Marshal.SizeOf<T>();
        var perChunk = SecureAggregationSteps.ElementsPerChunk(channel.MaxPayloadBytes, size);
        var topic = options.TopicOf(SecureAggregationSteps.Masked);
        return await GatherCoreAsync(options, from, time, async (index, ct) =>
        {
            var vector = new T[options.VectorLength];
            uint chunk = 0;
            for (var start = 0; start < vector.Length; start += perChunk, chunk++)
            {
                var message = await channel.ReceiveAsync(options.Clients[index - 1], topic, ct).ConfigureAwait(false);
                var body = WireFormat.Body(message, $"client {index}", SecureAggregationSteps.Masked);
                var expectedBytes = Math.Min(perChunk, vector.Length - start) * size;
                var reader = new WireReader(body.Span, SecureAggregationSteps.Masked);
                if (reader.U32() != chunk) throw new SecureAggregationException($"Client {index}'s masked vector chunks are out of order or replayed.");
                var elements = reader.Take(expectedBytes);
                reader.End();
                elements.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan(start)));
            }
            return complete(index, vector);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<int, TResult>> GatherCoreAsync<TResult>(SecureAggregationOptions options, List<int> from, TimeProvider time,
        Func<int, CancellationToken, Task<TResult>> receive, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.RoundTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var tasks = from.Select(async (int index) =>
        {
            try
            {
                return (Index: index, Ok: true, Value: await receive(index, linked.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (Index: index, Ok: false, Value: default(TResult)!);
            }
            catch (ComputeChannelClosedException)
            {
                return (Index: index, Ok: false, Value: default(TResult)!);
            }
            catch (SecureAggregationException)
            {
                // A malformed message ends the round for everyone; stop waiting for the others.
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.Where(r => r.Ok).ToDictionary(r => r.Index, r => r.Value);
    }

    private static async Task BroadcastAsync(IComputeChannel channel, SecureAggregationOptions options, List<int> to, string step, byte[] message, CancellationToken cancellationToken)
    {
        foreach (var index in to)
            await channel.SendAsync(options.Clients[index - 1], options.TopicOf(step), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells clients that missed a round that they are out, on the topic they wait on, so they end rather than hang.</summary>
    private static async Task DropLateAsync(IComputeChannel channel, SecureAggregationOptions options, List<int> expected, IEnumerable<int> responded, string waitingOn)
    {
        var set = responded.ToHashSet();
        foreach (var index in expected.Where(i => !set.Contains(i)))
            await TrySendAsync(channel, options.Clients[index - 1], options.TopicOf(waitingOn),
                WireFormat.AbortMessage("this client missed a round and was dropped")).ConfigureAwait(false);
    }

    private static async Task TrySendAsync(IComputeChannel channel, string to, string topic, byte[] message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await channel.SendAsync(to, topic, message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ComputeChannelClosedException or OperationCanceledException)
        {
            // Best effort: the client is gone.
        }
    }
}
