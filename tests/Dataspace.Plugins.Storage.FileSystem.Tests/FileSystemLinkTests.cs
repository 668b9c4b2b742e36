using System.Text;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem.Tests;

/// <summary>Symbolic links planted inside the root must never let a transfer read or write outside it.</summary>
public sealed class FileSystemLinkTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _outside = new();
    private readonly FileSystemRoot _root;
    private readonly string _secret;

    public FileSystemLinkTests()
    {
        _root = new FileSystemRoot(_folder.Path);
        _secret = Path.Combine(_outside.Path, "secret.txt");
        File.WriteAllText(_secret, "SECRET");
    }

    public void Dispose()
    {
        _folder.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task OpenRead_TwoChainedLinksInsideRootLeadingOutside_FailsInvalidAddress()
    {
        // "a" points at "s/secret.txt" inside the root, but "s" is itself a link to a folder outside it.
        Directory.CreateSymbolicLink(Path.Combine(_root.FullPath, "s"), _outside.Path);
        File.CreateSymbolicLink(Path.Combine(_root.FullPath, "a"), "s/secret.txt");

        var result = await ReadAsync("a");

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task OpenRead_LinkToAFolderOutside_FailsInvalidAddress()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root.FullPath, "out"), _outside.Path);

        var result = await ReadAsync("out/secret.txt");

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
    }

    [Fact]
    public async Task OpenRead_LinkChainStayingInsideRoot_IsAllowed()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullPath, "real"));
        await File.WriteAllTextAsync(Path.Combine(_root.FullPath, "real", "data.txt"), "inside");
        Directory.CreateSymbolicLink(Path.Combine(_root.FullPath, "alias"), "real");
        File.CreateSymbolicLink(Path.Combine(_root.FullPath, "b"), "alias/data.txt");

        var result = await ReadAsync("b");

        Assert.Null(result.Failure);
        await using var content = result.Content!;
        Assert.Equal("inside", await new StreamReader(content).ReadToEndAsync());
    }

    [Fact]
    public async Task OpenRead_LinkLoop_FailsInvalidAddress()
    {
        File.CreateSymbolicLink(Path.Combine(_root.FullPath, "x"), "y");
        File.CreateSymbolicLink(Path.Combine(_root.FullPath, "y"), "x");

        var result = await ReadAsync("x");

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
    }

    [Fact]
    public async Task Write_ThroughLinkToAFolderOutside_FailsAndWritesNothingThere()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root.FullPath, "out"), _outside.Path);

        var result = await new FileSystemDataSink(_root).WriteAsync(
            new DataWriteContext { Address = DataAddress.Create(DataAddressTypes.FileSystem, ("path", "out/planted.txt")), Content = new MemoryStream("x"u8.ToArray()) },
            CancellationToken.None);

        Assert.Equal(DataFailureKind.InvalidAddress, result.Failure);
        Assert.Equal(["secret.txt"], Directory.GetFiles(_outside.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task OpenRead_FileSwappedForALinkWhileReading_NeverReturnsOutsideData()
    {
        // One thread keeps swapping "f" between a regular file and a link outside (each swap an atomic rename);
        // whatever moment the open lands on, the reader sees the inside data or a refusal, never the secret.
        var target = Path.Combine(_root.FullPath, "f");
        var plainFile = Path.Combine(_root.FullPath, ".plain");
        var linkFile = Path.Combine(_root.FullPath, ".link");
        await File.WriteAllTextAsync(target, "inside");
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                File.CreateSymbolicLink(linkFile, _secret);
                File.Move(linkFile, target, overwrite: true);
                File.WriteAllText(plainFile, "inside");
                File.Move(plainFile, target, overwrite: true);
            }
        });

        var (inside, refused) = (0, 0);
        try
        {
            for (var i = 0; i < 3000; i++)
            {
                var result = await ReadAsync("f");
                if (result.Content is null)
                {
                    refused++;
                    continue;
                }

                await using var content = result.Content;
                var text = await new StreamReader(content, Encoding.UTF8).ReadToEndAsync();
                Assert.NotEqual("SECRET", text);
                inside++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
        }

        Assert.True(inside > 0, $"the reader never saw the inside file ({refused} refusals)");
    }

    private Task<DataReadResult> ReadAsync(string path) =>
        new FileSystemDataSource(_root).OpenReadAsync(new DataReadContext { Address = DataAddress.Create(DataAddressTypes.FileSystem, ("path", path)) }, CancellationToken.None);
}
