namespace Dataspace.Connector.Transfer;

/// <summary>What <see cref="ITransferReactions"/> knows about the transfer it decides for.</summary>
public sealed record TransferReactionContext
{
    /// <summary>Our process id (the providerPid).</summary>
    public required string TransferId { get; init; }

    /// <summary>The step just reached.</summary>
    public required TransferStep Step { get; init; }

    /// <summary>The agreement the transfer is under.</summary>
    public required string AgreementId { get; init; }

    /// <summary>The dataset (asset) transferred.</summary>
    public required string AssetId { get; init; }

    /// <summary>The consumer's participant id.</summary>
    public required string CounterPartyId { get; init; }
}
