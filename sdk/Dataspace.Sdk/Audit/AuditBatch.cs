namespace Dataspace.Sdk.Audit;

/// <summary>Entries appended together in one transaction, with the tree nodes they complete.</summary>
public sealed record AuditBatch
{
    /// <summary>The log's size the batch was built on: its first entry's index.</summary>
    public required long ExpectedSize { get; init; }

    /// <summary>The entries, with indices <see cref="ExpectedSize"/>, <see cref="ExpectedSize"/> + 1, ... in order.</summary>
    public required IReadOnlyList<AuditEntry> Entries { get; init; }

    /// <summary>The stored-level nodes (levels 4, 8, 12, ...: every <see cref="AuditNode.StoredLevelStride"/>th) that these entries complete.</summary>
    public required IReadOnlyList<AuditNode> Nodes { get; init; }

    /// <summary>The log's size once the batch is committed.</summary>
    public long NewSize => ExpectedSize + Entries.Count;

    /// <summary>Throws when the entries are not numbered contiguously from <see cref="ExpectedSize"/> or a node's level is not a stored one.</summary>
    /// <exception cref="ArgumentException">The batch is malformed.</exception>
    public void Validate()
    {
        if (ExpectedSize < 0)
        {
            throw new ArgumentException($"An audit batch's expected size must not be negative, not {ExpectedSize}.", nameof(ExpectedSize));
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (entry.Index != ExpectedSize + i)
            {
                throw new ArgumentException($"Audit entry {i} of a batch appended at size {ExpectedSize} must have index {ExpectedSize + i}, not {entry.Index}.", nameof(Entries));
            }

            if (entry.Data is null || entry.LeafHash is null || entry.LeafHash.Length == 0 || string.IsNullOrEmpty(entry.Type))
            {
                throw new ArgumentException($"Audit entry {entry.Index} needs its data, leaf hash and type.", nameof(Entries));
            }
        }

        foreach (var node in Nodes)
        {
            AuditNode.Validate(node, nameof(Nodes));
        }
    }
}
