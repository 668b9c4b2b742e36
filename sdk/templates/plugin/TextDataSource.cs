using System.Text;
using Dataspace.Sdk.Transfer;

namespace Company.Plugin;

/// <summary>A data source that serves one configured text, whole or by byte range.</summary>
public sealed class TextDataSource : IDataSource
{
    /// <summary>The address type this source handles.</summary>
    public const string AddressType = "Company.Plugin.Text";

    private readonly byte[] _content;

    /// <summary>Creates the source.</summary>
    public TextDataSource(string text) => _content = Encoding.UTF8.GetBytes(text);

    /// <inheritdoc/>
    public string Type => AddressType;

    /// <inheritdoc/>
    public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken)
    {
        if (context.Address.Type != AddressType)
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.InvalidAddress, $"address type '{context.Address.Type}' is not {AddressType}"));
        }

        if (context.Address.GetProperty("name") != "text")
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.NotFound, "this source only has 'text'"));
        }

        var offset = context.Range?.Offset ?? 0;
        if (offset < 0 || (offset >= _content.Length && _content.Length > 0))
        {
            return Task.FromResult(DataReadResult.Fail(DataFailureKind.RangeNotSatisfiable, $"offset {offset} lies outside {_content.Length} bytes"));
        }

        var length = (int)Math.Min(context.Range?.Length ?? long.MaxValue, _content.Length - offset);
        var stream = new MemoryStream(_content, (int)offset, length, writable: false);
        return Task.FromResult(DataReadResult.Success(stream, length, _content.Length, "text/plain"));
    }
}
