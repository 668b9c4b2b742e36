using System.Collections.Frozen;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Transport.Http;

/// <summary>Every data source registered with the connector (by any plugin), by address type.</summary>
internal sealed class DataSources
{
    private readonly FrozenDictionary<string, IDataSource> _byType;

    // The connector refuses to start with two sources of one type, so the first one is the only one.
    public DataSources(IEnumerable<IDataSource> sources) =>
        _byType = sources.DistinctBy(s => s.Type, StringComparer.Ordinal).ToFrozenDictionary(s => s.Type, StringComparer.Ordinal);

    /// <summary>The source for an address type, or null.</summary>
    public IDataSource? Find(string addressType) => _byType.GetValueOrDefault(addressType);

    /// <summary>A reason naming the address type and the types that are handled.</summary>
    public string Unhandled(string addressType) =>
        $"no data source handles address type '{addressType}' (available: {string.Join(", ", _byType.Keys.Order(StringComparer.Ordinal))})";
}
