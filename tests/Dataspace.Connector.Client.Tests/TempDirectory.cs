namespace Dataspace.Connector.Client.Tests;

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("client-tests-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A plugin assembly may still be mapped by its load context; the OS cleans temp folders.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
