using System.Security.Cryptography;
using Dataspace.Sdk.Transfer;
using Xunit;

namespace Dataspace.Sdk.Testing.Transfer;

/// <summary>The behaviour every <see cref="IDataSink"/> must show; derive from it in your plugin's tests.</summary>
public abstract class DataSinkContractTests
{
    /// <summary>The sink under test.</summary>
    protected abstract IDataSink CreateSink();

    /// <summary>A fresh address of the sink's type that nothing has been written to.</summary>
    protected abstract DataAddress NewAddress(string name);

    /// <summary>What the backing store holds at the address, or null when it holds nothing.</summary>
    protected abstract Task<byte[]?> ReadBackAsync(DataAddress address, CancellationToken cancellationToken);

    /// <summary>Written bytes are stored exactly and counted.</summary>
    [Fact]
    public async Task WriteAsync_Content_IsStoredExactly()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var address = NewAddress("written.bin");

        var result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream(content) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(content.Length, result.BytesWritten);
        Assert.Equal(content, await ReadBackAsync(address, CancellationToken.None));
    }

    /// <summary>A second write replaces the first.</summary>
    [Fact]
    public async Task WriteAsync_Twice_ReplacesContent()
    {
        var address = NewAddress("twice.bin");
        var sink = CreateSink();

        await sink.WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream(RandomNumberGenerator.GetBytes(5_000)) }, CancellationToken.None);
        var second = RandomNumberGenerator.GetBytes(10);
        var result = await sink.WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream(second) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(second, await ReadBackAsync(address, CancellationToken.None));
    }

    /// <summary>A source that breaks half-way leaves nothing at the address.</summary>
    [Fact]
    public async Task WriteAsync_ContentFailsHalfWay_LeavesNothing()
    {
        var address = NewAddress("broken.bin");
        var content = new FailingStream(RandomNumberGenerator.GetBytes(100_000), failAfter: 50_000);

        DataWriteResult? result = null;
        try
        {
            result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = content }, CancellationToken.None);
        }
        catch (IOException)
        {
            // Propagating the source's fault is as acceptable as reporting it.
        }

        Assert.False(result?.Succeeded ?? false);
        Assert.Null(await ReadBackAsync(address, CancellationToken.None));
    }

    /// <summary>A cancelled write leaves nothing at the address.</summary>
    [Fact]
    public async Task WriteAsync_Cancelled_LeavesNothing()
    {
        var address = NewAddress("cancelled.bin");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        DataWriteResult? result = null;
        try
        {
            result = await CreateSink().WriteAsync(new DataWriteContext { Address = address, Content = new MemoryStream(new byte[1_000]) }, cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected.
        }

        Assert.False(result?.Succeeded ?? false);
        Assert.Null(await ReadBackAsync(address, CancellationToken.None));
    }

    /// <summary>An address of another type is refused.</summary>
    [Fact]
    public async Task WriteAsync_OtherAddressType_FailsInvalidAddress()
    {
        var sink = CreateSink();
        var address = NewAddress("other.bin");
        var other = new DataAddress(sink.Type + "-other", address.Properties);

        var result = await sink.WriteAsync(new DataWriteContext { Address = other, Content = new MemoryStream([1, 2, 3]) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Null(await ReadBackAsync(address, CancellationToken.None));
    }

    private sealed class FailingStream(byte[] content, int failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAfter)
            {
                throw new IOException("the source broke");
            }

            var n = Math.Min(buffer.Length, failAfter - _position);
            content.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
