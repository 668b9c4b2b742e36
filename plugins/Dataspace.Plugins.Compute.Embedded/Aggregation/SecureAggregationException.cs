namespace Dataspace.Plugins.Compute.Embedded.Aggregation;

/// <summary>A secure aggregation ended without a sum; the message is safe to show every party (it holds no data).</summary>
internal sealed class SecureAggregationException : Exception
{
    public SecureAggregationException() { }

    public SecureAggregationException(string message) : base(message) { }

    public SecureAggregationException(string message, Exception innerException) : base(message, innerException) { }
}
