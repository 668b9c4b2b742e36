namespace Dataspace.Sdk.Audit;

/// <summary>A checkpoint to anchor.</summary>
public sealed record AuditAnchorContext
{
    /// <summary>The signed checkpoint note, exactly as signed.</summary>
    public required string Note { get; init; }

    /// <summary>The tree size.</summary>
    public required long Size { get; init; }

    /// <summary>The root hash of the tree of <see cref="Size"/> leaves.</summary>
    public required byte[] Root { get; init; }

    /// <summary>The tree hash algorithm (<c>sha256</c>, <c>sm3</c>).</summary>
    public required string HashAlgorithm { get; init; }
}
