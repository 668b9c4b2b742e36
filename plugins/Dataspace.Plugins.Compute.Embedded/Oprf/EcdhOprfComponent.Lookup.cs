using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>The client's side of keyword lookup: one query per input row, revealing only the key's bucket.</summary>
internal sealed partial class EcdhOprfComponent
{
    private static async Task<ComponentResult> RunLookupClientAsync(ComponentContext context, OprfTaskSettings settings, string server, IComputeInput input, int keyIndex, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var batch in input.ReadBatchesAsync(256, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in batch)
            {
                if (row.Length != input.Columns.Count) throw new OprfProtocolException($"A client row has {row.Length} values for {input.Columns.Count} columns.");
                if (Encoding.UTF8.GetByteCount(row[keyIndex]) > ushort.MaxValue) throw new OprfProtocolException("A client key is longer than 65535 bytes, the OPRF input limit.");
                keys.Add(row[keyIndex]);
                if (keys.Count > settings.MaxQueries) throw new OprfProtocolException($"The client has more than max_queries ({settings.MaxQueries}) keys to look up.");
            }
        }
        if (keys.Count == 0) throw new OprfProtocolException("The client's input has no keys to look up.");
        var serverParams = await HandshakeAsync(context, settings, server, keys.Count, cancellationToken).ConfigureAwait(false);
        var oprf = Suite(settings);
        var recordSize = OprfWire.TagSize + PreparedSet.NonceSize + serverParams.CiphertextLength;
        var proofSize = settings.Verifiable ? Ristretto255Oprf.ProofSize : 0;

        var columns = new List<string> { input.Columns[keyIndex], "found" };
        columns.AddRange(serverParams.PayloadColumns);
        await using var table = await context.Outputs.OpenTableAsync("lookup", ReleaseKinds.Lookup, columns, cancellationToken).ConfigureAwait(false);
        var found = 0;
        for (var q = 0; q < keys.Count; q++)
        {
            var key = Encoding.UTF8.GetBytes(keys[q]);
            var bucket = OprfBuckets.Of(keys[q], serverParams.PrefixBits);
            var (blind, blinded) = oprf.Blind(key);
            var query = new byte[4 + Ristretto255Element.Size];
            BinaryPrimitives.WriteUInt32BigEndian(query, bucket);
            blinded.Encode(query.AsSpan(4));
            await context.Channel.SendAsync(server, OprfWire.Query, query, cancellationToken).ConfigureAwait(false);

            var answer = await context.Channel.ReceiveAsync(server, OprfWire.Answer, cancellationToken).ConfigureAwait(false);
            if (answer.Length != Ristretto255Element.Size + proofSize + 4)
                throw new OprfProtocolException($"An answer of {answer.Length} bytes; expected {Ristretto255Element.Size + proofSize + 4}.");
            var evaluatedBatch = new byte[4 + Ristretto255Element.Size + proofSize];
            BinaryPrimitives.WriteUInt32BigEndian(evaluatedBatch, 1);
            answer.Span[..(Ristretto255Element.Size + proofSize)].CopyTo(evaluatedBatch.AsSpan(4));
            var evaluated = ReadEvaluated(oprf, serverParams, evaluatedBatch, [blinded], "answer")[0];
            var rows = BinaryPrimitives.ReadUInt32BigEndian(answer.Span[^4..]);
            if (rows > serverParams.Rows) throw new OprfProtocolException($"The server answered with {rows} rows, more than its {serverParams.Rows}.");
            // An honest server's buckets all hold the anonymity set; a smaller one means the query was not hidden as agreed.
            if (rows < settings.AnonymitySet) throw new OprfProtocolException($"The server's bucket holds {rows} rows, fewer than the anonymity set of {settings.AnonymitySet}.");

            var output = Ristretto255Oprf.Finalize(key, blind, evaluated);
            var tag = output[..OprfWire.TagSize];
            string[]? payload = null;
            for (var received = 0L; received < rows;)
            {
                var message = await context.Channel.ReceiveAsync(server, OprfWire.Rows, cancellationToken).ConfigureAwait(false);
                if (message.Length < 4) throw new OprfProtocolException("A rows message is shorter than its count.");
                var n = BinaryPrimitives.ReadUInt32BigEndian(message.Span);
                if (n == 0 || n > rows - received || message.Length != 4L + n * recordSize)
                    throw new OprfProtocolException($"A rows batch of {n} rows in {message.Length} bytes; {rows - received} rows of {recordSize} bytes were still expected.");
                for (var i = 0; i < n && payload is null; i++)
                {
                    var record = message.Span.Slice(4 + i * recordSize, recordSize);
                    if (record[..OprfWire.TagSize].SequenceEqual(tag)) payload = Open(record, output, serverParams);
                }
                received += n;
            }
            if (payload is not null) found++;
            var row = new string[columns.Count];
            row[0] = keys[q];
            row[1] = payload is null ? "false" : "true";
            for (var c = 0; c < serverParams.PayloadColumns.Count; c++) row[2 + c] = payload?[c] ?? "";
            await table.WriteRowsAsync([row], cancellationToken).ConfigureAwait(false);
            context.Progress?.Report(new ComputeProgress((q + 1.0) / keys.Count, "lookup"));
        }
        await table.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return ComponentResult.Success(keys.Count, new Dictionary<string, double> { ["queries"] = keys.Count, ["found"] = found });
    }

    // Decrypts the one row whose tag is the client's: a row that does not open, or opens to a malformed payload, means
    // the server sent something other than what it prepared.
    private static string[] Open(ReadOnlySpan<byte> record, byte[] output, ServerParams serverParams)
    {
        var tag = record[..OprfWire.TagSize];
        var nonce = record.Slice(OprfWire.TagSize, PreparedSet.NonceSize);
        var sealedText = record[(OprfWire.TagSize + PreparedSet.NonceSize)..];
        var plaintext = new byte[sealedText.Length - PreparedSet.AeadTagSize];
        try
        {
            using var aead = new ChaCha20Poly1305(PreparedSetCache.RowKey(output));
            aead.Decrypt(nonce, sealedText[..plaintext.Length], sealedText[plaintext.Length..], plaintext, tag);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new OprfProtocolException("The server's row for the key does not decrypt: it was not sealed under the key's OPRF output.", e);
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(plaintext);
        if (length < 0 || length > plaintext.Length - 4) throw new OprfProtocolException("The server's row holds a malformed payload.");
        var reader = new OprfWire.Reader(plaintext.AsSpan(4, length), "payload");
        var values = new string[serverParams.PayloadColumns.Count];
        for (var i = 0; i < values.Length; i++) values[i] = reader.String();
        reader.End();
        return values;
    }
}
