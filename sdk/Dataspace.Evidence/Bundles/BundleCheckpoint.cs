namespace Dataspace.Evidence.Bundles;

/// <summary>An earlier checkpoint of the log in a bundle, with the proof that the bundle's checkpoint extends it.</summary>
/// <param name="Note">The signed checkpoint note, with any witness cosignatures.</param>
/// <param name="ConsistencyProof">The RFC 9162 consistency proof from this checkpoint to the bundle's checkpoint.</param>
public sealed record BundleCheckpoint(string Note, IReadOnlyList<byte[]> ConsistencyProof);
