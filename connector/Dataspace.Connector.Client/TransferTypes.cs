namespace Dataspace.Connector.Client;

/// <summary>Transfer types of the HTTP data plane.</summary>
public static class TransferTypes
{
    /// <summary>The consumer pulls the data from the provider's endpoint with a short-lived token.</summary>
    public const string HttpPull = "HttpData-PULL";

    /// <summary>The provider pushes the data to an HTTP endpoint the consumer names.</summary>
    public const string HttpPush = "HttpData-PUSH";
}
