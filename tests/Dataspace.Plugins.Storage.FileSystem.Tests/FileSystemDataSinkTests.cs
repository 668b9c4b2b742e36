using Dataspace.Sdk.Testing.Transfer;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem.Tests;

public sealed class FileSystemDataSinkTests : DataSinkContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileSystemRoot _root;

    public FileSystemDataSinkTests() => _root = new FileSystemRoot(_folder.Path);

    public void Dispose() => _folder.Dispose();

    protected override IDataSink CreateSink() => new FileSystemDataSink(_root);

    protected override DataAddress NewAddress(string name) => DataAddress.Create(DataAddressTypes.FileSystem, ("path", "out/" + name));

    protected override async Task<byte[]?> ReadBackAsync(DataAddress address, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_root.FullPath, address.GetProperty("path")!);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    [Fact]
    public async Task WriteAsync_Failed_LeavesNoTemporaryFiles()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            using var cts = new CancellationTokenSource();
            await cts.CancelAsync();
            await CreateSink().WriteAsync(new DataWriteContext { Address = NewAddress("x.bin"), Content = new MemoryStream(new byte[10]) }, cts.Token);
        });

        Assert.Empty(Directory.EnumerateFiles(_root.FullPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WriteAsync_PathLeavingTheRoot_FailsInvalidAddress()
    {
        var result = await CreateSink().WriteAsync(
            new DataWriteContext { Address = DataAddress.Create(DataAddressTypes.FileSystem, ("path", "../escape.bin")), Content = new MemoryStream([1]) },
            CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "..", "escape.bin")));
    }
}
