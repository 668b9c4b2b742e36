using System.Security.Cryptography;
using Dataspace.Sdk.Transfer;
using Xunit;

namespace Dataspace.Sdk.Testing.Transfer;

/// <summary>The behaviour every <see cref="IDataSource"/> must show; derive from it in your plugin's tests.</summary>
public abstract class DataSourceContractTests
{
    /// <summary>The source under test.</summary>
    protected abstract IDataSource CreateSource();

    /// <summary>Places <paramref name="content"/> in the backing store under a new name and returns its address.</summary>
    protected abstract Task<DataAddress> SeedAsync(string name, byte[] content, CancellationToken cancellationToken);

    /// <summary>A well-formed address of the source's type with nothing behind it.</summary>
    protected abstract DataAddress MissingAddress();

    /// <summary>Reads a whole stream into memory (tests only).</summary>
    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory).ConfigureAwait(false);
        return memory.ToArray();
    }

    /// <summary>Random test content.</summary>
    protected static byte[] Content(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>The whole content comes back, with its length.</summary>
    [Fact]
    public async Task OpenReadAsync_WholeContent_ReturnsEveryByte()
    {
        var content = Content(10_000);
        var address = await SeedAsync("whole.bin", content, CancellationToken.None);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        await using var stream = result.Content!;
        Assert.Equal(content, await ReadAllAsync(stream));
        Assert.Equal(content.Length, result.Length ?? content.Length);
    }

    /// <summary>A closed range yields exactly that slice.</summary>
    [Fact]
    public async Task OpenReadAsync_Range_ReturnsThatSlice()
    {
        var content = Content(5_000);
        var address = await SeedAsync("range.bin", content, CancellationToken.None);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address, Range = new ByteRange(1_000, 250) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        await using var stream = result.Content!;
        Assert.Equal(content.AsSpan(1_000, 250).ToArray(), await ReadAllAsync(stream));
        Assert.Equal(250, result.Length);
        Assert.Equal(content.Length, result.TotalLength);
    }

    /// <summary>An open-ended range and one reaching past the end both stop at the end.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(1_000_000L)]
    public async Task OpenReadAsync_RangeToEnd_StopsAtTheEnd(long? length)
    {
        var content = Content(3_000);
        var address = await SeedAsync($"tail-{length}.bin", content, CancellationToken.None);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address, Range = new ByteRange(2_500, length) }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        await using var stream = result.Content!;
        Assert.Equal(content.AsSpan(2_500).ToArray(), await ReadAllAsync(stream));
    }

    /// <summary>A range starting past the end is refused as such.</summary>
    [Fact]
    public async Task OpenReadAsync_RangeBeyondEnd_FailsRangeNotSatisfiable()
    {
        var address = await SeedAsync("short.bin", Content(100), CancellationToken.None);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address, Range = new ByteRange(100, 10) }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(DataFailureKind.RangeNotSatisfiable, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    /// <summary>Nothing at the address is NotFound, with a reason.</summary>
    [Fact]
    public async Task OpenReadAsync_Missing_FailsNotFound()
    {
        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = MissingAddress() }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.Content);
        Assert.Equal(DataFailureKind.NotFound, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    /// <summary>An address of another type is refused, not guessed at.</summary>
    [Fact]
    public async Task OpenReadAsync_OtherAddressType_FailsInvalidAddress()
    {
        var source = CreateSource();
        var other = new DataAddress(source.Type + "-other", MissingAddress().Properties);

        var result = await source.OpenReadAsync(new DataReadContext { Address = other }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
    }

    /// <summary>Concurrent readers of the same data each get all of it.</summary>
    [Fact]
    public async Task OpenReadAsync_ConcurrentReaders_EachGetEverything()
    {
        var content = Content(200_000);
        var address = await SeedAsync("shared.bin", content, CancellationToken.None);
        var source = CreateSource();

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var result = await source.OpenReadAsync(new DataReadContext { Address = address }, CancellationToken.None);
            Assert.True(result.Succeeded, result.Reason);
            await using var stream = result.Content!;
            return await ReadAllAsync(stream);
        }));

        Assert.All(reads, r => Assert.Equal(content, r));
    }
}
