namespace Dataspace.Sdk.Transfer;

/// <summary>Reads data from addresses of one type.</summary>
/// <remarks>Called concurrently. The caller disposes the returned stream.</remarks>
public interface IDataSource
{
    /// <summary>The address type handled, e.g. <see cref="DataAddressTypes.FileSystem"/>.</summary>
    string Type { get; }

    /// <summary>Opens the data at the context's address for streaming.</summary>
    Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken);
}
