namespace Dataspace.Sdk.Compute;

/// <summary>A party's binary input (a model file), read as a stream.</summary>
/// <remarks>May be opened more than once; each call starts from the first byte. The caller disposes the stream.</remarks>
public interface IComputeBlobInput
{
    /// <summary>The content's media type, e.g. <c>application/onnx</c>.</summary>
    string MediaType { get; }

    /// <summary>The content's length in bytes.</summary>
    long Length { get; }

    /// <summary>Opens the content for reading.</summary>
    ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken);
}
