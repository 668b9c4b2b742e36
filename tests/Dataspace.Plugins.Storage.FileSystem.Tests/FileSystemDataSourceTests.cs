using Dataspace.Sdk.Testing.Transfer;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem.Tests;

public sealed class FileSystemDataSourceTests : DataSourceContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileSystemRoot _root;

    public FileSystemDataSourceTests() => _root = new FileSystemRoot(_folder.Path);

    public void Dispose() => _folder.Dispose();

    protected override IDataSource CreateSource() => new FileSystemDataSource(_root);

    protected override async Task<DataAddress> SeedAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(Path.Combine(_root.FullPath, name), content, cancellationToken);
        return DataAddress.Create(DataAddressTypes.FileSystem, ("path", name));
    }

    protected override DataAddress MissingAddress() => DataAddress.Create(DataAddressTypes.FileSystem, ("path", "missing/nothing.csv"));

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("~/x")]
    public async Task OpenReadAsync_PathLeavingTheRoot_FailsInvalidAddress(string path)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "..", "outside.txt"), "secret");

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = DataAddress.Create(DataAddressTypes.FileSystem, ("path", path)) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task OpenReadAsync_SymlinkLeadingOutside_FailsInvalidAddress()
    {
        using var outside = new TempFolder();
        var secret = Path.Combine(outside.Path, "secret.txt");
        await File.WriteAllTextAsync(secret, "secret");
        File.CreateSymbolicLink(Path.Combine(_root.FullPath, "link.txt"), secret);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = DataAddress.Create(DataAddressTypes.FileSystem, ("path", "link.txt")) }, CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
    }

    [Fact]
    public async Task OpenReadAsync_CsvFile_ReportsMediaType()
    {
        var address = await SeedAsync("table.csv", "a,b\n1,2\n"u8.ToArray(), CancellationToken.None);

        var result = await CreateSource().OpenReadAsync(new DataReadContext { Address = address }, CancellationToken.None);

        await using var stream = result.Content!;
        Assert.Equal("text/csv", result.MediaType);
    }
}
