using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>Reads <c>FileSystem</c> addresses (property <c>path</c>) under one folder, as the filesystem plugin does in a host.</summary>
internal sealed class DirectoryDataSource(string root) : IDataSource
{
    public string Type => DataAddressTypes.FileSystem;

    public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(root, context.Address.GetProperty("path") ?? ""));
        return Task.FromResult(File.Exists(path) && path.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal)
            ? DataReadResult.Success(File.OpenRead(path), null, null, "text/csv")
            : DataReadResult.Fail(DataFailureKind.NotFound, $"no file at '{context.Address.GetProperty("path")}'"));
    }
}
