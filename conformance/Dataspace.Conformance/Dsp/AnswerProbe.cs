using System.Net.Sockets;

namespace Dataspace.Conformance;

/// <summary>
/// Watches the one connection of a request: <see cref="Answered"/> turns true once any byte of the answer is in the
/// socket's receive buffer or has been read from it. On loopback a target's written answer is there before any later
/// message of the target can arrive, so this is exact, not a guess about timing.
/// </summary>
internal sealed class AnswerProbe
{
    private Socket? _socket;
    private volatile bool _read;

    /// <summary>Whether the answer has started to arrive.</summary>
    public bool Answered
    {
        get
        {
            if (_read)
            {
                return true;
            }

            try
            {
                return _socket is { } socket && socket.Available > 0;
            }
            catch (ObjectDisposedException)
            {
                // The connection is closed, so the client has read all it will.
                return true;
            }
            catch (SocketException)
            {
                return true;
            }
        }
    }

    /// <summary>The handler's connect callback: a plain TCP connection, read through a stream that notes the first byte.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return new ProbeStream(new NetworkStream(socket, ownsSocket: true), this);
    }

    private sealed class ProbeStream(Stream inner, AnswerProbe probe) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => Note(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Note(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private int Note(int read)
        {
            if (read > 0)
            {
                probe._read = true;
            }

            return read;
        }
    }
}
