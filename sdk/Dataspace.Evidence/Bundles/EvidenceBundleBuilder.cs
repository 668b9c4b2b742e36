using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Bundles;

/// <summary>Builds evidence bundles from a log's tree: inclusion proofs for each entry, consistency proofs for earlier checkpoints, and the signed manifest.</summary>
public static class EvidenceBundleBuilder
{
    /// <summary>Builds the bundle <paramref name="request"/> describes.</summary>
    /// <exception cref="ArgumentException">
    /// The entries are out of order or beyond the checkpoint, an earlier checkpoint is of another log or larger, or the
    /// tree's root does not match a checkpoint (the bundle would not verify).
    /// </exception>
    public static async Task<EvidenceBundle> BuildAsync(EvidenceBundleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tree = request.Tree;
        var checkpoint = request.Checkpoint.Checkpoint;
        var size = checkpoint.Size;
        await CheckRootAsync(tree, checkpoint, "the checkpoint", cancellationToken).ConfigureAwait(false);

        var entries = new List<BundleEntry>(request.Entries.Count);
        var listed = new List<(long Index, string LeafHash)>(request.Entries.Count);
        var leaf = new byte[tree.Hasher.HashSize];
        var previous = -1L;
        foreach (var (index, data) in request.Entries)
        {
            if (index <= previous || index >= size)
            {
                throw new ArgumentException($"Entry {index} is out of order or not in the checkpoint's tree of {size} leaves; entries must be unique, increasing and below the size.", nameof(request));
            }

            previous = index;
            var proof = await tree.InclusionProofAsync(index, size, cancellationToken).ConfigureAwait(false);
            tree.Hasher.HashLeaf(data, leaf);
            entries.Add(new BundleEntry(index, data, proof));
            listed.Add((index, Convert.ToHexStringLower(leaf)));
        }

        var earlier = new List<BundleCheckpoint>(request.EarlierCheckpoints.Count);
        foreach (var note in request.EarlierCheckpoints)
        {
            if (note.Checkpoint.Origin != checkpoint.Origin || note.Checkpoint.Size > size)
            {
                throw new ArgumentException($"The earlier checkpoint of size {note.Checkpoint.Size} is of another log or larger than the bundle's checkpoint ({size}).", nameof(request));
            }

            await CheckRootAsync(tree, note.Checkpoint, $"the earlier checkpoint of size {note.Checkpoint.Size}", cancellationToken).ConfigureAwait(false);
            var proof = await tree.ConsistencyProofAsync(note.Checkpoint.Size, size, cancellationToken).ConfigureAwait(false);
            earlier.Add(new BundleCheckpoint(note.ToNote(), proof));
        }

        var checkpointNote = request.Checkpoint.ToNote();
        var manifest = new EvidenceManifest
        {
            HashAlgorithm = tree.Hasher.Name,
            LogKeyName = request.LogKeyName,
            ExportedAt = request.ExportedAt.ToUnixTimeSeconds(),
            Query = request.Query,
            CheckpointDigest = EvidenceManifest.Digest(checkpointNote),
            EarlierCheckpointDigests = earlier.Select(e => EvidenceManifest.Digest(e.Note)).ToList(),
            Entries = listed,
            DidDocumentDigests = request.DidDocuments.Select(EvidenceManifest.Digest).ToList(),
        };

        return new EvidenceBundle
        {
            HashAlgorithm = tree.Hasher.Name,
            LogKeyName = request.LogKeyName,
            Checkpoint = checkpointNote,
            EarlierCheckpoints = earlier,
            Entries = entries,
            DidDocuments = request.DidDocuments,
            Manifest = CompactJws.Sign(manifest.ToJson(), request.ExporterKey, request.ExporterKeyName, EvidenceManifest.JwsType),
        };
    }

    private static async Task CheckRootAsync(MerkleTree tree, Checkpoint checkpoint, string what, CancellationToken cancellationToken)
    {
        var root = await tree.RootAsync(checkpoint.Size, cancellationToken).ConfigureAwait(false);
        if (!root.AsSpan().SequenceEqual(checkpoint.Root))
        {
            throw new ArgumentException($"The tree's root at size {checkpoint.Size} does not match {what}; it is not a checkpoint of this tree.");
        }
    }
}
