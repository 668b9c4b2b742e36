namespace Dataspace.Connector.Client;

/// <summary>A response body that disposes its HTTP response with it, so a caller can stream data without buffering.</summary>
internal sealed class ResponseStream : Stream
{
    private readonly Stream _inner;
    private readonly HttpResponseMessage _response;

    public ResponseStream(Stream inner, HttpResponseMessage response)
    {
        _inner = inner;
        _response = response;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("a transfer's data is a forward-only stream");

    public override long Position
    {
        get => throw new NotSupportedException("a transfer's data is a forward-only stream");
        set => throw new NotSupportedException("a transfer's data is a forward-only stream");
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a transfer's data is a forward-only stream");

    public override void SetLength(long value) => throw new NotSupportedException("a transfer's data is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a transfer's data is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
