using System.Collections.Frozen;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Transfer;

/// <summary>The transfer channels plugins registered, by DSP transfer type; built once at start-up.</summary>
public sealed class TransferChannelRegistry
{
    /// <summary>Builds the registry; throws when two channels claim the same transfer type.</summary>
    public TransferChannelRegistry(IEnumerable<ITransferChannel> channels)
    {
        var map = new Dictionary<string, ITransferChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!map.TryAdd(channel.TransferType, channel))
            {
                throw new InvalidOperationException($"two transfer channels handle '{channel.TransferType}': {map[channel.TransferType].GetType().FullName} and {channel.GetType().FullName}");
            }
        }

        Channels = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Channels by transfer type.</summary>
    public FrozenDictionary<string, ITransferChannel> Channels { get; }
}
