namespace Dataspace.Sdk.Metering;

/// <summary>What a data plane delivered in one access (one pull request, one push delivery).</summary>
public sealed record DataUsageReport
{
    /// <summary>The provider's process id of the transfer.</summary>
    public required string TransferId { get; init; }

    /// <summary>The consumer the data went to (as the access token or the transfer names it).</summary>
    public required string ConsumerId { get; init; }

    /// <summary>Bytes delivered.</summary>
    public required long Bytes { get; init; }

    /// <summary>How long the delivery took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Rows delivered, when the data plane knows (0 otherwise).</summary>
    public long Rows { get; init; }
}
