namespace Dataspace.Sdk.Transfer;

/// <summary>Well-known DSP transfer types (the <c>format</c> of a distribution and of a transfer request).</summary>
public static class TransferTypes
{
    /// <summary>The consumer fetches from the provider's data plane with a short-lived token.</summary>
    public const string HttpPull = "HttpData-PULL";

    /// <summary>The provider's data plane sends the data to an endpoint the consumer gives.</summary>
    public const string HttpPush = "HttpData-PUSH";
}
