using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>Writes files below the root atomically: to a temporary file first, moved into place when complete.</summary>
internal sealed class FileSystemDataSink : IDataSink
{
    private readonly FileSystemRoot _root;

    public FileSystemDataSink(FileSystemRoot root) => _root = root;

    public string Type => DataAddressTypes.FileSystem;

    public async Task<DataWriteResult> WriteAsync(DataWriteContext context, CancellationToken cancellationToken)
    {
        if (!_root.TryResolve(context.Address, out var path, out var reason))
        {
            return DataWriteResult.Fail(DataFailureKind.InvalidAddress, reason);
        }

        if (Directory.Exists(path))
        {
            return DataWriteResult.Fail(DataFailureKind.InvalidAddress, $"'{context.Address.GetProperty(FileSystemRoot.PathProperty)}' is a folder");
        }

        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            FileSystemRoot.CreateFolder(folder);
            long written;
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
            };
            if (!OperatingSystem.IsWindows())
            {
                // Received data is the owner's alone until they decide otherwise, whatever the process umask.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var file = new FileStream(temporary, options);
            await using (file.ConfigureAwait(false))
            {
                // The folder was checked before; one swapped for a link to elsewhere since then is caught on the handle.
                if (!_root.IsOpenedBelowRoot(file))
                {
                    return DataWriteResult.Fail(DataFailureKind.InvalidAddress, $"'{FileSystemRoot.PathProperty}' '{context.Address.GetProperty(FileSystemRoot.PathProperty)}' leads outside the root folder");
                }

                await context.Content.CopyToAsync(file, 81920, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                written = file.Length;
            }

            File.Move(temporary, path, overwrite: true);
            return DataWriteResult.Success(written);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DataWriteResult.Fail(DataFailureKind.Unavailable, $"file could not be written: {e.Message}");
        }
        finally
        {
            // On success the file was moved away; on any failure (including cancellation) nothing partial remains.
            File.Delete(temporary);
        }
    }
}
