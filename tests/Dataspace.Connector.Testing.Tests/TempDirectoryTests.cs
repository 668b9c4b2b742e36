namespace Dataspace.Connector.Testing.Tests;

public sealed class TempDirectoryTests
{
    [Fact]
    public void Dispose_FolderWithFiles_RemovesIt()
    {
        string path;
        using (var temp = new TempDirectory("kit-tests-"))
        {
            path = temp.Path;
            Directory.CreateDirectory(temp.Sub("nested"));
            File.WriteAllText(Path.Combine(temp.Sub("nested"), "a.txt"), "a");
            Assert.True(Directory.Exists(path));
            Assert.StartsWith("kit-tests-", Path.GetFileName(path), StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void Dispose_FolderAlreadyGone_DoesNotThrow()
    {
        var temp = new TempDirectory();
        Directory.Delete(temp.Path);

        temp.Dispose();

        Assert.False(Directory.Exists(temp.Path));
    }

    [Fact]
    public void New_TwoFolders_AreDistinct()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        Assert.NotEqual(a.Path, b.Path);
    }
}
