namespace Dataspace.Sdk.Transfer;

/// <summary>One access of a consumer to a transfer's data through a data plane.</summary>
public sealed record DataAccessRequest
{
    /// <summary>The provider's process id of the transfer the access token was issued for.</summary>
    public required string TransferId { get; init; }

    /// <summary>The consumer the token was issued to.</summary>
    public required string ConsumerId { get; init; }

    /// <summary>The byte range asked for, if any.</summary>
    public ByteRange? Range { get; init; }
}
