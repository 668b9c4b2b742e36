namespace Dataspace.Sdk.Transfer;

/// <summary>What a channel needs to start delivering data for a transfer.</summary>
public sealed record TransferStartContext
{
    /// <summary>The provider's process id of the transfer (opaque, unique).</summary>
    public required string TransferId { get; init; }

    /// <summary>The agreement the transfer is under.</summary>
    public required string AgreementId { get; init; }

    /// <summary>The consumer's participant id.</summary>
    public required string ConsumerId { get; init; }

    /// <summary>The asset's id.</summary>
    public required string AssetId { get; init; }

    /// <summary>Where the asset's data is, read through an <see cref="IDataSource"/> of its type.</summary>
    public required DataAddress Source { get; init; }

    /// <summary>For push types, where the consumer wants the data; null for pull types.</summary>
    public DataAddress? Destination { get; init; }

    /// <summary>The connector's public base URL (scheme, host, port), for building endpoints peers can reach.</summary>
    public required Uri PublicBaseUrl { get; init; }
}
