namespace Dataspace.Sdk.Transfer;

/// <summary>A range of bytes: <paramref name="Offset"/> and, unless null, at most <paramref name="Length"/> bytes.</summary>
public sealed record ByteRange(long Offset, long? Length);
