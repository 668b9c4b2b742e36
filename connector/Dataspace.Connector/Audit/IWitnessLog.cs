namespace Dataspace.Connector.Audit;

/// <summary>What witnessing needs of our own audit log: its signed checkpoints, entries and proofs, and a place for the cosignatures it brings back.</summary>
internal interface IWitnessLog
{
    /// <summary>The tree hash the log uses (<c>sha256</c> or <c>sm3</c>).</summary>
    string HashName { get; }

    /// <summary>The latest signed checkpoint (its note text and size); null before the first.</summary>
    Task<(string Note, long Size)?> LatestCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>The stored leaf data of entry <paramref name="index"/>.</summary>
    Task<byte[]> ReadEntryAsync(long index, CancellationToken cancellationToken);

    /// <summary>The inclusion proof of entry <paramref name="index"/> in the tree of <paramref name="size"/> entries.</summary>
    Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken);

    /// <summary>The consistency proof between the trees of <paramref name="first"/> and <paramref name="second"/> entries.</summary>
    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long first, long second, CancellationToken cancellationToken);

    /// <summary>Stores a witness's verified cosignature line of the checkpoint of <paramref name="size"/>.</summary>
    Task AddCosignatureAsync(long size, string witness, string cosignature, CancellationToken cancellationToken);
}
