namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>A folder deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("http-plugin-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
