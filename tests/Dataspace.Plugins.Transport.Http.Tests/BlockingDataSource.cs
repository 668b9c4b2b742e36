using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>A data source (address type <c>Blocking</c>) whose data never arrives: reads wait until cancelled.</summary>
internal sealed class BlockingDataSource : IDataSource
{
    public const string AddressType = "Blocking";

    public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _opened;

    /// <summary>How many times data was opened.</summary>
    public int Opened => _opened;

    public string Type => AddressType;

    public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        return Task.FromResult(DataReadResult.Success(new NeverStream(ReadStarted), null, null, null));
    }

    private sealed class NeverStream(TaskCompletionSource started) : Stream
    {
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

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
