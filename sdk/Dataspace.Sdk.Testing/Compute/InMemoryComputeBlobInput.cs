using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>A binary input held in memory (a model built by a test).</summary>
public sealed class InMemoryComputeBlobInput(byte[] content, string mediaType = "application/octet-stream") : IComputeBlobInput
{
    /// <inheritdoc/>
    public string MediaType { get; } = mediaType;

    /// <inheritdoc/>
    public long Length => content.Length;

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken)
        => ValueTask.FromResult<Stream>(new MemoryStream(content, writable: false));
}
