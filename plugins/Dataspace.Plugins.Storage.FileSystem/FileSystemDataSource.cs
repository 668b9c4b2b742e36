using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>Streams files below the root, whole or by byte range.</summary>
internal sealed class FileSystemDataSource : IDataSource
{
    private readonly FileSystemRoot _root;

    public FileSystemDataSource(FileSystemRoot root) => _root = root;

    public string Type => DataAddressTypes.FileSystem;

    public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_root.TryResolve(context.Address, out var path, out var reason))
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.InvalidAddress, reason));
        }

        if (!File.Exists(path))
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.NotFound, $"no file at '{context.Address.GetProperty(FileSystemRoot.PathProperty)}'"));
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.NotFound, $"no file at '{context.Address.GetProperty(FileSystemRoot.PathProperty)}'"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.Unavailable, $"file could not be opened: {e.Message}"));
        }

        // The path was checked before the open; a link swapped in since then is caught on the handle itself.
        if (!_root.IsOpenedBelowRoot(stream))
        {
            stream.Dispose();
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.InvalidAddress, $"'{FileSystemRoot.PathProperty}' '{context.Address.GetProperty(FileSystemRoot.PathProperty)}' leads outside the root folder"));
        }

        var total = stream.Length;
        var mediaType = MediaTypes.FromFileName(path);
        if (context.Range is not { } range)
        {
            return Task.FromResult(DataReadResult.Success(stream, total, total, mediaType));
        }

        if (range.Offset < 0 || range.Length < 0 || (range.Offset >= total && !(total == 0 && range.Offset == 0)))
        {
            stream.Dispose();
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.RangeNotSatisfiable, $"range starting at {range.Offset} lies outside the file's {total} bytes"));
        }

        stream.Position = range.Offset;
        var length = Math.Min(range.Length ?? long.MaxValue, total - range.Offset);
        return Task.FromResult(DataReadResult.Success(new BoundedReadStream(stream, length), length, total, mediaType));
    }
}
