using System.Buffers;
using System.Net;

namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>A request body streamed from a source stream (never buffered), counting the bytes sent.</summary>
internal sealed class CountingStreamContent : HttpContent
{
    private const int BufferSize = 128 * 1024;

    private readonly Stream _source;
    private readonly long? _length;

    private readonly Action? _progress;
    private readonly Action? _completed;

    /// <param name="source">The body.</param>
    /// <param name="length">Its length when known.</param>
    /// <param name="progress">Called after each chunk the destination accepted (idle watchdogs).</param>
    /// <param name="completed">Called once the whole body was sent.</param>
    public CountingStreamContent(Stream source, long? length, Action? progress = null, Action? completed = null)
    {
        _source = source;
        _length = length;
        _progress = progress;
        _completed = completed;
    }

    /// <summary>Whether the whole body was sent.</summary>
    public bool Completed { get; private set; }

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
                _progress?.Invoke();
            }

            Completed = true;
            _completed?.Invoke();
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
