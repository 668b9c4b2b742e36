using System.Text.Json.Nodes;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Bundles;

/// <summary>What goes into an evidence bundle: the log's tree, the checkpoint to prove against, the entries and who exports them.</summary>
public sealed record EvidenceBundleRequest
{
    /// <summary>The log's tree, to compute proofs from; it must hold at least <see cref="Checkpoint"/>'s size.</summary>
    public required MerkleTree Tree { get; init; }

    /// <summary>The signed checkpoint the entries are proven against, with any witness cosignatures already added.</summary>
    public required SignedCheckpoint Checkpoint { get; init; }

    /// <summary>The log's signing key name (its DID verification method id).</summary>
    public required string LogKeyName { get; init; }

    /// <summary>The entries by index with their stored leaf data, in increasing index order, all below the checkpoint's size.</summary>
    public required IReadOnlyList<(long Index, byte[] Data)> Entries { get; init; }

    /// <summary>Earlier checkpoints of the same log (for example the ones a counter-party cosigned), each no larger than <see cref="Checkpoint"/>.</summary>
    public IReadOnlyList<SignedCheckpoint> EarlierCheckpoints { get; init; } = [];

    /// <summary>The DID documents (JSON text) of the log owner, the exporter and every witness whose cosignature is included.</summary>
    public required IReadOnlyList<string> DidDocuments { get; init; }

    /// <summary>What was asked for (for example <c>{"agreement":"…"}</c> or a time range), recorded in the signed manifest.</summary>
    public required JsonObject Query { get; init; }

    /// <summary>The exporting connector's key, which signs the manifest.</summary>
    public required SigningKey ExporterKey { get; init; }

    /// <summary>The exporter key's name (its DID verification method id).</summary>
    public required string ExporterKeyName { get; init; }

    /// <summary>When the bundle is exported (from the caller's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset ExportedAt { get; init; }
}
