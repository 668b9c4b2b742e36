using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>A data source (address type <c>Breaking</c>) that announces 1 MB, yields 64 KB, then fails with an I/O error.</summary>
internal sealed class BreakingDataSource : IDataSource
{
    public const string AddressType = "Breaking";

    public string Type => AddressType;

    public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken) =>
        Task.FromResult(DataReadResult.Success(new BreakingStream(), 1_000_000, 1_000_000, "application/octet-stream"));

    private sealed class BreakingStream : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent >= 64 * 1024)
            {
                throw new IOException("the disk went away");
            }

            var n = Math.Min(buffer.Length, (64 * 1024) - _sent);
            buffer.Span[..n].Fill(1);
            _sent += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
