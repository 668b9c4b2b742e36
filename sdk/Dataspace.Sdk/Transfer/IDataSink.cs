namespace Dataspace.Sdk.Transfer;

/// <summary>Writes data to addresses of one type.</summary>
/// <remarks>Called concurrently. A failed write leaves no partial data at the address.</remarks>
public interface IDataSink
{
    /// <summary>The address type handled, e.g. <see cref="DataAddressTypes.FileSystem"/>.</summary>
    string Type { get; }

    /// <summary>Streams the context's content to its address.</summary>
    Task<DataWriteResult> WriteAsync(DataWriteContext context, CancellationToken cancellationToken);
}
