namespace Dataspace.Connector.Audit;

/// <summary>What a witness needs of a verified checkpoint: whose log (origin), its size and its root hash.</summary>
internal readonly record struct CheckpointFacts(string Origin, long Size, byte[] Root);
