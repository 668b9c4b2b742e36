namespace Dataspace.Evidence.Bundles;

/// <summary>A write-only stream that compares what is written with expected bytes, keeping nothing.</summary>
internal sealed class ComparingStream(ReadOnlyMemory<byte> expected) : Stream
{
    private long _position;
    private bool _differs;

    /// <summary>Whether exactly the expected bytes were written, no more and no fewer.</summary>
    public bool MatchesAll => !_differs && _position == expected.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_differs)
        {
            _differs = _position + buffer.Length > expected.Length || !buffer.SequenceEqual(expected.Span.Slice((int)_position, buffer.Length));
        }

        _position += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
