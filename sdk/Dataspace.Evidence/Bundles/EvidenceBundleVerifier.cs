using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Entries;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Bundles;

/// <summary>
/// Verifies an evidence bundle offline: the signers' DID documents, the checkpoint's signature and its witnesses'
/// cosignatures, the exporter's manifest, earlier checkpoints with consistency proofs, and each entry's leaf hash and
/// inclusion proof. Stops at the first fault and names it.
/// </summary>
public static partial class EvidenceBundleVerifier
{
    /// <summary>Reads the bundle from <paramref name="stream"/> (bounded by <paramref name="limits"/>) and verifies it.</summary>
    /// <exception cref="InvalidDataException">The input is not a readable bundle (as opposed to a readable one that fails verification).</exception>
    public static async Task<EvidenceBundleVerification> VerifyAsync(Stream stream, EvidenceBundleLimits? limits, CancellationToken cancellationToken)
    {
        var bundle = await EvidenceBundle.ReadAsync(stream, limits, cancellationToken).ConfigureAwait(false);
        return Verify(bundle);
    }

    /// <summary>Verifies a bundle already read.</summary>
    public static Task<EvidenceBundleVerification> VerifyAsync(EvidenceBundle bundle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(bundle));
    }

    /// <summary>Verifies a bundle already read (CPU only, no I/O).</summary>
    public static EvidenceBundleVerification Verify(EvidenceBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!TreeHashers.TryGet(bundle.HashAlgorithm, out var hasher))
        {
            return EvidenceBundleVerification.Invalid($"the bundle's tree hash '{bundle.HashAlgorithm}' is not known (expected {TreeHashers.Sha256} or {TreeHashers.Sm3})");
        }

        var notes = new List<string>();
        if (!DidKeys.TryLoad(bundle.DidDocuments, notes, out var keys, out var didProblem))
        {
            return EvidenceBundleVerification.Invalid(didProblem);
        }

        // The log's checkpoint: signed by the log's key, as published in its owner's DID document.
        if (!keys.TryFind(bundle.LogKeyName, out var logKey, out var keyProblem))
        {
            return EvidenceBundleVerification.Invalid($"the log's key: {keyProblem}");
        }

        var witnesses = new List<(string KeyName, long Size)>();
        if (!TryVerifyCheckpoint(bundle.Checkpoint, "the checkpoint", bundle.LogKeyName, logKey, hasher, keys, witnesses, out var signed, out var problem))
        {
            return EvidenceBundleVerification.Invalid(problem);
        }

        var checkpoint = signed.Checkpoint;

        // The manifest: what the exporter vouches the bundle holds.
        if (!TryVerifyManifest(bundle, keys, out var manifest, out var exporter, out problem))
        {
            return EvidenceBundleVerification.Invalid(problem) with { Checkpoint = checkpoint };
        }

        for (var i = 0; i < bundle.EarlierCheckpoints.Count; i++)
        {
            var earlier = bundle.EarlierCheckpoints[i];
            var what = $"earlier checkpoint {i}";
            if (!TryVerifyCheckpoint(earlier.Note, what, bundle.LogKeyName, logKey, hasher, keys, witnesses, out var earlierSigned, out problem))
            {
                return EvidenceBundleVerification.Invalid(problem) with { Checkpoint = checkpoint };
            }

            var e = earlierSigned.Checkpoint;
            if (e.Origin != checkpoint.Origin)
            {
                return EvidenceBundleVerification.Invalid($"{what} is of log '{e.Origin}', not '{checkpoint.Origin}'") with { Checkpoint = checkpoint };
            }

            if (!MerkleVerifier.VerifyConsistency(hasher, e.Size, checkpoint.Size, e.Root, checkpoint.Root, earlier.ConsistencyProof))
            {
                return EvidenceBundleVerification.Invalid($"{what} (size {e.Size}) is not consistent with the checkpoint (size {checkpoint.Size}): the consistency proof does not verify, so the log was rewritten or the proof altered") with { Checkpoint = checkpoint };
            }
        }

        var entryProblem = VerifyEntries(bundle, manifest, checkpoint, hasher);
        if (entryProblem is { } bad)
        {
            return EvidenceBundleVerification.Invalid(bad.Reason, bad.Index) with { Checkpoint = checkpoint, Exporter = exporter };
        }

        var (agreementId, counterParty, witnessProblem) = CheckAgreementWitness(bundle, manifest, witnesses);
        return new EvidenceBundleVerification
        {
            Checkpoint = checkpoint,
            EntryCount = bundle.Entries.Count,
            Witnesses = witnesses.Select(w => w.KeyName).Distinct(StringComparer.Ordinal).ToList(),
            Exporter = exporter,
            Notes = notes,
            AgreementId = agreementId,
            CounterParty = counterParty,
            WitnessProblem = witnessProblem,
        };
    }

    // An agreement's bundle is witnessed when the agreement's counter-party (the other DID in its 'agreement' entry) co-signed
    // a checkpoint, the bundle's or an earlier one, that covers that entry: then the log cannot present another history of it.
    private static (string? AgreementId, string? CounterParty, string? Problem) CheckAgreementWitness(
        EvidenceBundle bundle, EvidenceManifest manifest, List<(string KeyName, long Size)> witnesses)
    {
        // A connector's export names it 'agreementId' (the management API's parameter); 'agreement' is accepted too.
        if ((manifest.Query["agreementId"] ?? manifest.Query["agreement"]) is not JsonValue value || !value.TryGetValue<string>(out var agreementId))
        {
            return (null, null, null);
        }

        var logOwner = Did(bundle.LogKeyName);
        foreach (var entry in bundle.Entries)
        {
            if (!AuditEntryCodec.TryDecode(entry.Data, out var record, out _, out _)
                || record.Type != Sdk.Audit.AuditRecordTypes.Agreement || record.AgreementId != agreementId)
            {
                continue;
            }

            var counterParty = record.CounterParty is { Length: > 0 } c && c != logOwner ? c : null;
            if (counterParty is null)
            {
                return (agreementId, null, $"the agreement entry {entry.Index} of agreement '{agreementId}' names no counter-party other than the log's owner {logOwner}, so no witness can be required");
            }

            var covering = witnesses.Where(w => w.Size > entry.Index).ToList();
            if (covering.Any(w => Did(w.KeyName) == counterParty))
            {
                return (agreementId, counterParty, null);
            }

            var others = covering.Select(w => Did(w.KeyName)).Distinct(StringComparer.Ordinal).ToList();
            return (agreementId, counterParty, others.Count == 0
                ? $"the agreement's counter-party {counterParty} did not co-sign a checkpoint covering the agreement entry {entry.Index}: the bundle has no witness cosignature covering it (unwitnessed)"
                : $"the agreement's counter-party {counterParty} did not co-sign a checkpoint covering the agreement entry {entry.Index}: it is co-signed by {string.Join(", ", others)} instead (mismatched witness)");
        }

        return (agreementId, null, $"the bundle of agreement '{agreementId}' holds no 'agreement' entry for it, so its counter-party and their cosignature cannot be checked");
    }

    private static string Did(string keyName)
    {
        var hash = keyName.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? keyName : keyName[..hash];
    }

    private static (long Index, string Reason)? VerifyEntries(EvidenceBundle bundle, EvidenceManifest manifest, Checkpoint checkpoint, ITreeHasher hasher)
    {
        var listed = manifest.Entries;
        var entries = bundle.Entries;
        var inBundle = entries.Select(e => e.Index).ToHashSet();
        var inManifest = listed.Select(e => e.Index).ToHashSet();
        var leaf = new byte[hasher.HashSize];
        for (var i = 0; i < Math.Max(listed.Count, entries.Count); i++)
        {
            // Positional comparison first: each entry must be the one the manifest lists at that place.
            if (i >= entries.Count)
            {
                return (listed[i].Index, $"entry {listed[i].Index} is listed in the manifest but missing from the bundle (dropped)");
            }

            var entry = entries[i];
            if (i >= listed.Count || !inManifest.Contains(entry.Index))
            {
                return (entry.Index, $"entry {entry.Index} is in the bundle but not listed in the manifest (added)");
            }

            var expected = listed[i];
            if (entry.Index != expected.Index)
            {
                return inBundle.Contains(expected.Index)
                    ? (expected.Index, $"entry {expected.Index} is not where the manifest lists it (position {i}); the entries were reordered")
                    : (expected.Index, $"entry {expected.Index} is listed in the manifest but missing from the bundle (dropped)");
            }

            if (i > 0 && entry.Index <= entries[i - 1].Index)
            {
                return (entry.Index, $"entry {entry.Index} is out of order or repeated");
            }

            hasher.HashLeaf(entry.Data, leaf);
            if (Convert.ToHexStringLower(leaf) != expected.LeafHash)
            {
                return (entry.Index, $"entry {entry.Index} was altered: its leaf hash {Convert.ToHexStringLower(leaf)} is not the one in the manifest ({expected.LeafHash})");
            }

            if (entry.Index >= checkpoint.Size)
            {
                return (entry.Index, $"entry {entry.Index} is beyond the checkpoint's tree of {checkpoint.Size} leaves");
            }

            if (!MerkleVerifier.VerifyInclusion(hasher, entry.Index, checkpoint.Size, leaf, entry.InclusionProof, checkpoint.Root))
            {
                return (entry.Index, $"entry {entry.Index} is not in the checkpoint's tree: its inclusion proof does not lead to the signed root");
            }

            if (!AuditEntryCodec.TryDecode(entry.Data, out _, out _, out var malformed))
            {
                return (entry.Index, $"entry {entry.Index} is not a well-formed audit entry: {malformed}");
            }
        }

        return null;
    }

    private static bool TryVerifyCheckpoint(
        string note,
        string what,
        string logKeyName,
        Jwk logKey,
        ITreeHasher hasher,
        DidKeys keys,
        List<(string KeyName, long Size)> witnesses,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignedCheckpoint? signed,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        signed = null;
        var verification = CheckpointVerifier.Verify(note, logKey, logKeyName);
        if (!verification.IsValid)
        {
            problem = $"{what} is not signed by the log's key '{logKeyName}' (forged or altered): {verification.Reason}";
            return false;
        }

        signed = verification.Note!;
        if (signed.Checkpoint.Root.Length != hasher.HashSize)
        {
            problem = $"{what} has a root of {signed.Checkpoint.Root.Length} bytes; {hasher.Name} hashes are {hasher.HashSize}";
            return false;
        }

        var logKeyId = NoteKeys.SignatureKeyId(logKeyName, logKey);
        foreach (var line in signed.Signatures)
        {
            if (line.KeyName == logKeyName && line.KeyId == logKeyId)
            {
                continue;
            }

            // Every other line must be a witness whose key the bundle carries: an unverifiable line is not evidence.
            if (!keys.TryFind(line.KeyName, out var witnessKey, out var keyProblem))
            {
                problem = $"{what} has a signature by '{line.KeyName}' that cannot be checked: {keyProblem}";
                return false;
            }

            var cosignature = CheckpointVerifier.VerifyCosignature(signed, witnessKey, line.KeyName);
            if (!cosignature.IsValid)
            {
                problem = $"{what}: {cosignature.Reason}";
                return false;
            }

            witnesses.Add((line.KeyName, signed.Checkpoint.Size));
        }

        problem = null;
        return true;
    }

    private static bool TryVerifyManifest(
        EvidenceBundle bundle,
        DidKeys keys,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EvidenceManifest? manifest,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? exporter,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        manifest = null;
        exporter = null;
        if (!IsValidUtf8Base64UrlJws(bundle.Manifest))
        {
            problem = "the manifest is not a compact JWS of canonical base64url parts with UTF-8 JSON (altered)";
            return false;
        }

        if (!CompactJws.TryParse(bundle.Manifest, out var jws, out var reason))
        {
            problem = $"the manifest is not a compact JWS: {reason}";
            return false;
        }

        if (jws.Type != EvidenceManifest.JwsType || jws.KeyId is null)
        {
            problem = $"the manifest's JWS header must have typ '{EvidenceManifest.JwsType}' and the exporter's key id";
            return false;
        }

        if (!keys.TryFind(jws.KeyId, out var exporterKey, out var keyProblem))
        {
            problem = $"the manifest's signer: {keyProblem}";
            return false;
        }

        if (!jws.VerifySignature(exporterKey))
        {
            problem = $"the manifest's signature by '{jws.KeyId}' does not verify (the manifest was altered or signed by another key)";
            return false;
        }

        if (!EvidenceManifest.TryParse(jws.Payload, out manifest, out reason))
        {
            problem = reason;
            return false;
        }

        problem = CompareManifest(bundle, manifest);
        exporter = jws.KeyId;
        return problem is null;
    }

    /// <summary>
    /// Three canonical base64url parts (decoders ignore the unused bits of a last character, which would let a flipped bit
    /// pass), the first two UTF-8 (the JWS parser would fail on invalid UTF-8 inside a JSON string).
    /// </summary>
    private static bool IsValidUtf8Base64UrlJws(string compact)
    {
        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        for (var i = 0; i < 3; i++)
        {
            if (!Base64Url.IsValid(parts[i]))
            {
                return false;
            }

            var bytes = Base64Url.DecodeFromChars(parts[i]);
            var chars = System.Buffers.ArrayPool<char>.Shared.Rent(Base64Url.GetEncodedLength(bytes.Length));
            try
            {
                if (!Base64Url.TryEncodeToChars(bytes, chars, out var written) || !chars.AsSpan(0, written).SequenceEqual(parts[i]))
                {
                    return false;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<char>.Shared.Return(chars);
            }

            if (i < 2 && !System.Text.Unicode.Utf8.IsValid(bytes))
            {
                return false;
            }
        }

        return true;
    }

    private static string? CompareManifest(EvidenceBundle bundle, EvidenceManifest manifest)
    {
        if (manifest.HashAlgorithm != bundle.HashAlgorithm || manifest.LogKeyName != bundle.LogKeyName)
        {
            return "the manifest names another tree hash or log key than the bundle";
        }

        if (manifest.CheckpointDigest != EvidenceManifest.Digest(bundle.Checkpoint))
        {
            return "the bundle's checkpoint is not the one the manifest lists (replaced or altered, cosignatures included)";
        }

        if (!manifest.EarlierCheckpointDigests.SequenceEqual(bundle.EarlierCheckpoints.Select(e => EvidenceManifest.Digest(e.Note))))
        {
            return "the bundle's earlier checkpoints are not the ones the manifest lists (added, dropped, reordered or altered)";
        }

        if (!manifest.DidDocumentDigests.SequenceEqual(bundle.DidDocuments.Select(EvidenceManifest.Digest)))
        {
            return "the bundle's DID documents are not the ones the manifest lists (added, dropped, reordered or altered)";
        }

        for (var i = 1; i < manifest.Entries.Count; i++)
        {
            if (manifest.Entries[i].Index <= manifest.Entries[i - 1].Index)
            {
                return $"the manifest lists entry {manifest.Entries[i].Index} out of order or twice";
            }
        }

        return null;
    }
}
