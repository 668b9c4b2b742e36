namespace Dataspace.Connector.Testing;

/// <summary>A fresh folder under the system's temporary folder, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder, named with <paramref name="prefix"/> and a random suffix.</summary>
    public TempDirectory(string prefix = "connector-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder (not created).</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the folder and everything in it.</summary>
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
            // As above, on Windows.
        }
    }
}
