using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// <c>intersection-sum</c>, after Google's private intersection-sum (Ion et al., 2020): the sender (payload owner) holds
/// a Paillier key and sends each masked point with its encrypted payload; the receiver matches the points as in
/// <c>cardinality</c> mode, multiplies the matching ciphertexts (adding the payloads), blinds the sum with a random r and
/// has the sender decrypt it. The receiver learns the count and the sum; the sender learns the sum plus a uniform r only.
/// </summary>
internal sealed partial class EcdhPsiRun
{
    private async Task<ComponentResult> SumAsSenderAsync(CancellationTokenSource cts, CancellationToken cancellationToken)
    {
        Report(0.02, "paillier-keygen");
        var paillier = await Task.Run(() => Paillier.Generate(_settings.PaillierBits), cancellationToken).ConfigureAwait(false);
        var modulus = new byte[paillier.Public.ModulusBytes];
        Paillier.Write(paillier.Public.N, modulus);
        await SendAsync(PaillierTopic, modulus, cancellationToken).ConfigureAwait(false);

        var theirs = new SpillingSorter(_spill, "peer", _options.RunCapacity);
        await using (theirs.ConfigureAwait(false))
        {
            var token = cts.Token;
            await WhenAllOrFirstFault(cts, MaskOwnAsync(token, paillier, shuffle: true), MaskPeerAsync(theirs, sendBack: false, token)).ConfigureAwait(false);
            var sorted = await theirs.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await using (sorted.ConfigureAwait(false))
                await SendSortedAsync(sorted, cancellationToken).ConfigureAwait(false);
        }

        Report(0.95, "decrypt");
        var blinded = await ReceiveAsync(SumTopic, cancellationToken).ConfigureAwait(false);
        if (blinded.Length == 0) // the receiver suppressed the sum (fewer matches than the minimum group size)
            return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["peer_items"] = _peerItems });
        if (blinded.Length != paillier.Public.CiphertextBytes)
            throw new PsiProtocolException($"The receiver's blinded sum has {blinded.Length} bytes; expected a {paillier.Public.CiphertextBytes}-byte ciphertext.");
        var c = Paillier.Read(blinded.Span);
        if (!paillier.Public.IsValidCiphertext(c)) throw new PsiProtocolException("The receiver's blinded sum is not a ciphertext under this party's key.");
        var plain = new byte[paillier.Public.ModulusBytes];
        Paillier.Write(paillier.Decrypt(c), plain);
        await SendAsync(SumTopic, plain, cancellationToken).ConfigureAwait(false);
        Report(1, "done");
        return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["peer_items"] = _peerItems });
    }

    private async Task<ComponentResult> SumAsReceiverAsync(CancellationTokenSource cts, CancellationToken cancellationToken)
    {
        var modulus = await ReceiveAsync(PaillierTopic, cancellationToken).ConfigureAwait(false);
        if (modulus.Length * 8 < Paillier.MinimumBits || modulus.Length * 8 > PsiTaskSettings.MaxPaillierBits)
            throw new PsiProtocolException($"The sender's Paillier modulus has {modulus.Length} bytes; expected {Paillier.MinimumBits / 8} to {PsiTaskSettings.MaxPaillierBits / 8}.");
        PaillierPublicKey key;
        try
        {
            key = new PaillierPublicKey(Paillier.Read(modulus.Span));
        }
        catch (ArgumentException e)
        {
            throw new PsiProtocolException($"The sender's Paillier modulus is unusable: {e.Message}", e);
        }

        var theirs = new SpillingSorter(_spill, "peer", _options.RunCapacity);
        var payloads = Path.Combine(_spill, "payloads.bin");
        Directory.CreateDirectory(_spill);
        var payloadFile = new FileStream(payloads, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (payloadFile.ConfigureAwait(false))
        await using (theirs.ConfigureAwait(false))
        {
            var token = cts.Token;
            await WhenAllOrFirstFault(cts, MaskOwnAsync(token), MaskPeerWithPayloadAsync(key, theirs, payloadFile, token)).ConfigureAwait(false);

            Report(0.85, "count");
            var marks = new ulong[(_peerItems + 63) / 64];
            long size;
            var sorted = await theirs.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await using (sorted.ConfigureAwait(false))
            {
                var stream = new SortedDualStream(this);
                await using (stream.ConfigureAwait(false))
                {
                    size = await CountCommonAsync(sorted, stream, marks, cancellationToken).ConfigureAwait(false);
                    await stream.DrainAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (size < _context.Release.MinGroupSize)
            {
                // An aggregate over fewer rows than the agreement's minimum is suppressed: the sender decrypts nothing.
                await SendAsync(SumTopic, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                await _context.Outputs.WriteValueAsync("intersection_size", ReleaseKinds.IntersectionSum, Number(size), cancellationToken).ConfigureAwait(false);
                return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["intersection_size"] = size, ["sum_suppressed"] = 1, ["peer_items"] = _peerItems });
            }

            Report(0.9, "sum");
            var encryptedSum = await SumMarkedAsync(key, payloadFile, marks, cancellationToken).ConfigureAwait(false);
            var blind = Paillier.RandomBelow(key.N);
            var blinded = new byte[key.CiphertextBytes];
            Paillier.Write(key.AddPlain(encryptedSum, blind), blinded);
            await SendAsync(SumTopic, blinded, cancellationToken).ConfigureAwait(false);
            var answer = await ReceiveAsync(SumTopic, cancellationToken).ConfigureAwait(false);
            if (answer.Length != key.ModulusBytes) throw new PsiProtocolException($"The sender's decrypted sum has {answer.Length} bytes; expected {key.ModulusBytes}.");
            var plain = Paillier.Read(answer.Span);
            if (plain >= key.N) throw new PsiProtocolException("The sender's decrypted sum is not below its modulus.");
            var sum = key.Decode(BigInteger.Remainder(plain - blind + key.N, key.N));

            await _context.Outputs.WriteValueAsync("intersection_sum", ReleaseKinds.IntersectionSum, BigNumber(sum), cancellationToken).ConfigureAwait(false);
            await _context.Outputs.WriteValueAsync("intersection_size", ReleaseKinds.IntersectionSum, Number(size), cancellationToken).ConfigureAwait(false);
            Report(1, "done");
            return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["intersection_size"] = size, ["intersection_sum"] = (double)sum, ["peer_items"] = _peerItems });
        }
    }

    /// <summary>
    /// Receives the sender's (point, ciphertext) items: the points are masked as in the other modes and kept with their
    /// positions; each ciphertext is checked and appended to <paramref name="payloads"/> at its position.
    /// </summary>
    private async Task MaskPeerWithPayloadAsync(PaillierPublicKey key, SpillingSorter keep, FileStream payloads, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var width = PointBytes + key.CiphertextBytes;
        var limit = FrameLimit(width);
        var points = new byte[limit * PointBytes];
        var ciphertexts = new byte[limit * key.CiphertextBytes];
        var products = new byte[limit * TagBytes];
        var tags = new MaskedTag[limit];
        uint index = 0;
        long total = 0;
        while (true)
        {
            var frame = await ReceiveAsync(MaskedTopic, cancellationToken).ConfigureAwait(false);
            var items = PsiFrame.Decode(frame, index, width, limit, "masked", out var count);
            if (count == 0) break;
            if (total + count > MaxItems) throw new PsiProtocolException($"The peer sent more than {MaxItems} items, the most one PSI task takes.");
            for (var i = 0; i < count; i++)
            {
                var item = items.Span.Slice(i * width, width);
                item[..PointBytes].CopyTo(points.AsSpan(i * PointBytes));
                var c = item[PointBytes..];
                if (!key.IsValidCiphertext(Paillier.Read(c)))
                    throw new PsiProtocolException($"Item {i} of the peer's masked batch {index} carries a payload that is not a Paillier ciphertext under its key.");
                c.CopyTo(ciphertexts.AsSpan(i * key.CiphertextBytes));
            }
            var bad = _group.MaskPeer(_key, points.AsMemory(0, count * PointBytes), count, products, TagBytes, _options.DegreeOfParallelism, cancellationToken);
            if (bad >= 0)
                throw new PsiProtocolException($"Item {bad} of the peer's masked batch {index} is not a valid {_group.Name} point: not a canonical encoding, or of low order (its product is the zero point or the identity).");
            for (var i = 0; i < count; i++) tags[i] = MaskedTag.Read(products.AsSpan(i * TagBytes, TagBytes), (uint)(total + i));
            await keep.AddAsync(tags.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            await payloads.WriteAsync(ciphertexts.AsMemory(0, count * key.CiphertextBytes), cancellationToken).ConfigureAwait(false);
            total += count;
            index++;
        }
        _peerItems = total;
    }

    /// <summary>Multiplies the ciphertexts at marked positions (Enc of the payload sum), reading the file once in order.</summary>
    private static async Task<BigInteger> SumMarkedAsync(PaillierPublicKey key, FileStream payloads, ulong[] marks, CancellationToken cancellationToken)
    {
        payloads.Position = 0;
        var buffer = new byte[key.CiphertextBytes * 256];
        BigInteger sum = BigInteger.One; // Enc(0) with r = 1
        long position = 0;
        while (true)
        {
            var read = await payloads.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var n = read / key.CiphertextBytes;
            if (n == 0) break;
            for (var i = 0; i < n; i++, position++)
                if ((marks[position >> 6] & (1UL << (int)(position & 63))) != 0)
                    sum = key.Add(sum, Paillier.Read(buffer.AsSpan(i * key.CiphertextBytes, key.CiphertextBytes)));
        }
        return sum;
    }

    /// <summary>Encrypts a batch of payloads (signed 64-bit integers) next to their masked points, over all cores.</summary>
    private void EncryptPayloads(PaillierPrivateKey paillier, List<string> values, byte[] points, byte[] frameItems, long firstRow, CancellationToken cancellationToken)
    {
        var width = PointBytes + paillier.Public.CiphertextBytes;
        var plain = new BigInteger[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                throw new PsiInputException($"Row {firstRow + i + 1}: the payload '{Truncate(values[i])}' is not an integer (a signed 64-bit whole number is expected).");
            plain[i] = paillier.Public.Encode(v);
        }
        Parallel.For(0, values.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.DegreeOfParallelism, CancellationToken = cancellationToken }, i =>
        {
            var item = frameItems.AsSpan(i * width, width);
            points.AsSpan(i * PointBytes, PointBytes).CopyTo(item);
            Paillier.Write(paillier.Encrypt(plain[i]), item[PointBytes..]);
        });
    }

    // Frames with Paillier payloads are wider: as many items as fit the channel's payload limit, at most the batch size.
    private int FrameLimit(int width) => Math.Max(1, Math.Min(Batch, (_context.Channel.MaxPayloadBytes - PsiFrame.HeaderBytes) / width));

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";

    private static JsonElement BigNumber(BigInteger value)
    {
        using var document = JsonDocument.Parse(value.ToString(CultureInfo.InvariantCulture));
        return document.RootElement.Clone();
    }
}
