using System.Buffers;
using System.Net;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>A request body streamed from a source stream (never buffered), counting the bytes sent.</summary>
internal sealed class CountingStreamContent : HttpContent
{
    private const int BufferSize = 128 * 1024;

    private readonly Stream _source;
    private readonly long? _length;

    public CountingStreamContent(Stream source, long? length)
    {
        _source = source;
        _length = length;
    }

    /// <summary>How many bytes were sent.</summary>
    public long BytesSent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await _source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                BytesSent += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Without a known length the body goes chunked.
    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }
}
