namespace Dataspace.Plugins.Transport.Http.HttpData;

/// <summary>
/// Reads an inner stream after skipping some bytes and up to a limit; disposes the inner stream and an owner
/// (the HTTP response it came from) with itself.
/// </summary>
internal sealed class SlicedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly IDisposable? _owner;
    private long _skip;
    private long _remaining;

    public SlicedReadStream(Stream inner, long skip, long? take, IDisposable? owner)
    {
        _inner = inner;
        _skip = skip;
        _remaining = take ?? long.MaxValue;
        _owner = owner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (_skip > 0)
        {
            var skipped = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _skip)], cancellationToken).ConfigureAwait(false);
            if (skipped == 0)
            {
                throw new IOException($"the data ended {_skip} bytes before the requested range started");
            }

            _skip -= skipped;
        }

        if (_remaining <= 0)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
