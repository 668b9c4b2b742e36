using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>
/// A client's side of one secure aggregation (Bonawitz et al. 2017, semi-honest server variant): it advertises two
/// X25519 keys, Shamir-shares its mask-key and self-mask seed to the others through the aggregator (encrypted under
/// pairwise keys), sends its vector masked by its self mask and the pairwise masks, and finally gives the aggregator,
/// per other client, either that client's self-mask share (if it survived) or its mask-key share (if it dropped) —
/// never both.
/// </summary>
/// <typeparam name="T"><see cref="uint"/> for sums modulo 2^32, <see cref="ulong"/> for 2^64.</typeparam>
internal static class SecureAggregationClient<T> where T : unmanaged, IBinaryInteger<T>
{
    /// <summary>Runs the client to the end; throws <see cref="SecureAggregationException"/> with a reason on failure.</summary>
    /// <param name="beforeMasking">
    /// Runs once every client has shared its keys, just before anything derived from <paramref name="vector"/> leaves;
    /// it may throw <see cref="SecureAggregationException"/> to refuse (a DP query spends its budget here, so a party
    /// that refuses earlier stops the others before they spend).
    /// </param>
    public static async Task RunAsync(IComputeChannel channel, string aggregator, string self, SecureAggregationOptions options,
        T[] vector, CancellationToken cancellationToken, Func<CancellationToken, Task>? beforeMasking = null)
    {
        options.Validate();
        var selfIndex = IndexOf(options, self);
        if (vector.Length != options.VectorLength) throw new SecureAggregationException($"The vector has {vector.Length} elements, not the {options.VectorLength} agreed.");
        var binding = options.Binding();
        var expected = options.TopicOf(SecureAggregationSteps.Keys);
        try
        {
            // Round 0: advertise keys. c* encrypts shares, s* derives the pairwise masks (two pairs, so recovering a
            // dropped client's s-key never opens the shares it exchanged).
            var (cSecret, cPublic) = X25519.Generate();
            var (sSecret, sPublic) = X25519.Generate();
            var keys = new byte[1 + 64];
            keys[0] = WireFormat.Data;
            cPublic.CopyTo(keys, 1);
            sPublic.CopyTo(keys, 33);
            await channel.SendAsync(aggregator, expected, keys, cancellationToken).ConfigureAwait(false);
            expected = options.TopicOf(SecureAggregationSteps.Shares);

            // Round 1: the roster of clients that advertised; share our two secrets among them.
            var roster = ParseRoster(await ReceiveAsync(channel, aggregator, options, SecureAggregationSteps.Roster, cancellationToken).ConfigureAwait(false),
                options, selfIndex, cPublic, sPublic);
            var selfMaskSeed = RandomNumberGenerator.GetBytes(MaskPrg.SeedBytes);
            var xs = roster.Keys.ToList();
            var keyShares = Shamir.Split(sSecret, options.Threshold, xs);
            var seedShares = Shamir.Split(selfMaskSeed, options.Threshold, xs);
            var held = new Dictionary<int, (byte[] KeyShare, byte[] SeedShare)>
            {
                [selfIndex] = (keyShares[xs.IndexOf(selfIndex)], seedShares[xs.IndexOf(selfIndex)]),
            };
            var sharesMessage = new byte[1 + 2 + (roster.Count - 1) * (2 + SecureAggregationSteps.CipherBytes)];
            sharesMessage[0] = WireFormat.Data;
            BinaryPrimitives.WriteUInt16LittleEndian(sharesMessage.AsSpan(1), (ushort)(roster.Count - 1));
            var at = 3;
            for (var i = 0; i < xs.Count; i++)
            {
                var to = xs[i];
                if (to == selfIndex) continue;
                BinaryPrimitives.WriteUInt16LittleEndian(sharesMessage.AsSpan(at), (ushort)to);
                var plain = new byte[2 * Shamir.ShareBytes];
                keyShares[i].CopyTo(plain, 0);
                seedShares[i].CopyTo(plain, Shamir.ShareBytes);
                SealShare(cSecret, roster[to].CPublic, binding, selfIndex, to, plain, sharesMessage.AsSpan(at + 2, SecureAggregationSteps.CipherBytes));
                at += 2 + SecureAggregationSteps.CipherBytes;
            }
            await channel.SendAsync(aggregator, expected, sharesMessage, cancellationToken).ConfigureAwait(false);
            expected = options.TopicOf(SecureAggregationSteps.Masked);

            // Round 2: the shares addressed to us by the clients that shared (U2); mask our vector over U2.
            var incoming = await ReceiveAsync(channel, aggregator, options, SecureAggregationSteps.SharesIn, cancellationToken).ConfigureAwait(false);
            OpenShares(incoming, roster, cSecret, binding, selfIndex, options, held);
            if (beforeMasking is not null) await beforeMasking(cancellationToken).ConfigureAwait(false);
            var masked = (T[])vector.Clone();
            MaskPrg.Accumulate<T>(selfMaskSeed, masked, subtract: false);
            Span<byte> seed = stackalloc byte[MaskPrg.SeedBytes];
            foreach (var other in held.Keys)
            {
                if (other == selfIndex) continue;
                if (!X25519.TryAgree(sSecret, roster[other].SPublic, SecureAggregationSteps.MaskInfo(binding), seed))
                    throw new SecureAggregationException($"Client {other}'s mask key is invalid.");
                // The lower index adds, the higher subtracts, so the pair cancels in the sum.
                MaskPrg.Accumulate<T>(seed, masked, subtract: selfIndex > other);
            }
            CryptographicOperations.ZeroMemory(seed);
            await SendVectorAsync(channel, aggregator, expected, masked, cancellationToken).ConfigureAwait(false);
            expected = options.TopicOf(SecureAggregationSteps.Unmask);

            // Round 3: the survivors (U3); reveal, per client of U2, exactly one of its two shares.
            var survivors = ParseSurvivors(await ReceiveAsync(channel, aggregator, options, SecureAggregationSteps.Survivors, cancellationToken).ConfigureAwait(false),
                held, selfIndex, options);
            var unmask = new byte[1 + 2 + held.Count * (3 + Shamir.ShareBytes)];
            unmask[0] = WireFormat.Data;
            BinaryPrimitives.WriteUInt16LittleEndian(unmask.AsSpan(1), (ushort)held.Count);
            at = 3;
            foreach (var (index, shares) in held.OrderBy(h => h.Key))
            {
                var survived = survivors.Contains(index);
                BinaryPrimitives.WriteUInt16LittleEndian(unmask.AsSpan(at), (ushort)index);
                unmask[at + 2] = survived ? SecureAggregationSteps.SeedShareKind : SecureAggregationSteps.KeyShareKind;
                (survived ? shares.SeedShare : shares.KeyShare).CopyTo(unmask, at + 3);
                at += 3 + Shamir.ShareBytes;
            }
            await channel.SendAsync(aggregator, expected, unmask, cancellationToken).ConfigureAwait(false);
            expected = "";

            var done = await ReceiveAsync(channel, aggregator, options, SecureAggregationSteps.Done, cancellationToken).ConfigureAwait(false);
            if (done.Length != 0) throw new SecureAggregationException("A malformed done message from the aggregator.");
        }
        catch (SecureAggregationException e) when (expected.Length > 0)
        {
            // Tell the aggregator why, on the topic it waits on, so the task ends at once at every party.
            await TryAbortAsync(channel, aggregator, expected, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Refuses to take part before the first round, telling the aggregator why, so the task ends at once.</summary>
    public static Task RefuseAsync(IComputeChannel channel, string aggregator, SecureAggregationOptions options, string reason)
        => TryAbortAsync(channel, aggregator, options.TopicOf(SecureAggregationSteps.Keys), reason);

    private static int IndexOf(SecureAggregationOptions options, string self)
    {
        for (var i = 0; i < options.Clients.Count; i++)
            if (string.Equals(options.Clients[i], self, StringComparison.Ordinal)) return i + 1;
        throw new SecureAggregationException($"'{self}' is not a client of this aggregation.");
    }

    private static async Task<ReadOnlyMemory<byte>> ReceiveAsync(IComputeChannel channel, string aggregator, SecureAggregationOptions options, string step, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> message;
        try
        {
            message = await channel.ReceiveAsync(aggregator, options.TopicOf(step), cancellationToken).ConfigureAwait(false);
        }
        catch (ComputeChannelClosedException e)
        {
            throw new SecureAggregationException($"The aggregator left during the {step} step: {e.Message}", e);
        }
        return WireFormat.Body(message, "the aggregator", step);
    }

    private static SortedDictionary<int, (byte[] CPublic, byte[] SPublic)> ParseRoster(ReadOnlyMemory<byte> body, SecureAggregationOptions options, int selfIndex, byte[] cPublic, byte[] sPublic)
    {
        var reader = new WireReader(body.Span, SecureAggregationSteps.Roster);
        var count = reader.U16();
        if (count < options.Threshold || count > options.Clients.Count)
            throw new SecureAggregationException($"The roster lists {count} clients; between the threshold {options.Threshold} and {options.Clients.Count} were expected.");
        var roster = new SortedDictionary<int, (byte[], byte[])>();
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var index = reader.U16();
            if (index <= previous || index > options.Clients.Count) throw new SecureAggregationException("The roster's client indices are not increasing within the task's clients.");
            previous = index;
            roster[index] = (reader.Take(32).ToArray(), reader.Take(32).ToArray());
        }
        reader.End();
        if (!roster.TryGetValue(selfIndex, out var own) || !own.Item1.AsSpan().SequenceEqual(cPublic) || !own.Item2.AsSpan().SequenceEqual(sPublic))
            throw new SecureAggregationException("The roster does not carry this client's own keys.");
        return roster;
    }

    private static void SealShare(byte[] cSecret, byte[] peerPublic, byte[] binding, int from, int to, byte[] plain, Span<byte> output)
    {
        Span<byte> key = stackalloc byte[32];
        if (!X25519.TryAgree(cSecret, peerPublic, SecureAggregationSteps.EncryptionInfo(binding), key))
            throw new SecureAggregationException($"Client {to}'s encryption key is invalid.");
        using var aes = new AesGcm(key, SecureAggregationSteps.TagBytes);
        aes.Encrypt(SecureAggregationSteps.Nonce(from, to), plain, output[..plain.Length], output[plain.Length..], binding);
        CryptographicOperations.ZeroMemory(key);
    }

    private static void OpenShares(ReadOnlyMemory<byte> body, SortedDictionary<int, (byte[] CPublic, byte[] SPublic)> roster, byte[] cSecret, byte[] binding,
        int selfIndex, SecureAggregationOptions options, Dictionary<int, (byte[] KeyShare, byte[] SeedShare)> held)
    {
        var reader = new WireReader(body.Span, SecureAggregationSteps.SharesIn);
        var count = reader.U16();
        if (count + 1 < options.Threshold || count >= roster.Count)
            throw new SecureAggregationException($"{count} shares arrived; between {options.Threshold - 1} and {roster.Count - 1} were expected.");
        Span<byte> key = stackalloc byte[32];
        var plain = new byte[2 * Shamir.ShareBytes];
        for (var i = 0; i < count; i++)
        {
            var from = reader.U16();
            var sealedShare = reader.Take(SecureAggregationSteps.CipherBytes);
            if (from == selfIndex || !roster.TryGetValue(from, out var peer) || held.ContainsKey(from))
                throw new SecureAggregationException($"A share from client {from}, which is not another client of the roster or came twice.");
            if (!X25519.TryAgree(cSecret, peer.CPublic, SecureAggregationSteps.EncryptionInfo(binding), key))
                throw new SecureAggregationException($"Client {from}'s encryption key is invalid.");
            using (var aes = new AesGcm(key, SecureAggregationSteps.TagBytes))
            {
                try
                {
                    aes.Decrypt(SecureAggregationSteps.Nonce(from, selfIndex), sealedShare[..plain.Length], sealedShare[plain.Length..], plain, binding);
                }
                catch (AuthenticationTagMismatchException e)
                {
                    throw new SecureAggregationException($"The share from client {from} does not authenticate (tampered or replayed).", e);
                }
            }
            var keyShare = plain.AsSpan(0, Shamir.ShareBytes).ToArray();
            var seedShare = plain.AsSpan(Shamir.ShareBytes).ToArray();
            if (!Shamir.IsValidShare(keyShare) || !Shamir.IsValidShare(seedShare))
                throw new SecureAggregationException($"The share from client {from} is not a field element.");
            held[from] = (keyShare, seedShare);
        }
        reader.End();
        CryptographicOperations.ZeroMemory(key);
    }

    private static HashSet<int> ParseSurvivors(ReadOnlyMemory<byte> body, Dictionary<int, (byte[], byte[])> held, int selfIndex, SecureAggregationOptions options)
    {
        var reader = new WireReader(body.Span, SecureAggregationSteps.Survivors);
        var count = reader.U16();
        var survivors = new HashSet<int>();
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var index = reader.U16();
            if (index <= previous || !held.ContainsKey(index)) throw new SecureAggregationException("The survivor list names a client that did not share its keys, or is not increasing.");
            previous = index;
            survivors.Add(index);
        }
        reader.End();
        // Fewer survivors than the threshold (or the minimum group) could let the aggregator isolate a vector.
        if (survivors.Count < Math.Max(options.Threshold, options.MinSurvivors) || !survivors.Contains(selfIndex))
            throw new SecureAggregationException($"{survivors.Count} clients survived; at least {Math.Max(options.Threshold, options.MinSurvivors)} including this one are required.");
        return survivors;
    }

    private static async Task SendVectorAsync(IComputeChannel channel, string to, string topic, T[] values, CancellationToken cancellationToken)
    {
        var size = Marshal.SizeOf<T>();
        var perChunk = SecureAggregationSteps.ElementsPerChunk(channel.MaxPayloadBytes, size);
        var buffer = new byte[5 + Math.Min(perChunk, values.Length) * size];
        uint chunk = 0;
        for (var start = 0; start < values.Length; start += perChunk, chunk++)
        {
            var n = Math.Min(perChunk, values.Length - start);
            buffer[0] = WireFormat.Data;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(1), chunk);
            MemoryMarshal.AsBytes(values.AsSpan(start, n)).CopyTo(buffer.AsSpan(5));
            await channel.SendAsync(to, topic, buffer.AsMemory(0, 5 + n * size), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TryAbortAsync(IComputeChannel channel, string to, string topic, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await channel.SendAsync(to, topic, WireFormat.AbortMessage(reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ComputeChannelClosedException or OperationCanceledException)
        {
            // Best effort: the peer is gone already.
        }
    }
}
