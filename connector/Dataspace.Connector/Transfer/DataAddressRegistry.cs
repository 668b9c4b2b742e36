using System.Collections.Frozen;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Transfer;

/// <summary>The data sources and sinks registered by plugins, by address type; built once at start-up.</summary>
public sealed class DataAddressRegistry
{
    /// <summary>Builds the registry; throws when two sources or two sinks claim the same address type.</summary>
    public DataAddressRegistry(IEnumerable<IDataSource> sources, IEnumerable<IDataSink> sinks)
    {
        Sources = ByType(sources, s => s.Type, "data source");
        Sinks = ByType(sinks, s => s.Type, "data sink");
    }

    /// <summary>Sources by address type.</summary>
    public FrozenDictionary<string, IDataSource> Sources { get; }

    /// <summary>Sinks by address type.</summary>
    public FrozenDictionary<string, IDataSink> Sinks { get; }

    private static FrozenDictionary<string, T> ByType<T>(IEnumerable<T> items, Func<T, string> type, string what)
        where T : class
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var name = type(item);
            if (!map.TryAdd(name, item))
            {
                throw new InvalidOperationException(
                    $"two {what}s handle address type '{name}': {map[name].GetType().FullName} and {item.GetType().FullName}");
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
