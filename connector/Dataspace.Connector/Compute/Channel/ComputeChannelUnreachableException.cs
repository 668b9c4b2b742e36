namespace Dataspace.Connector.Compute.Channel;

/// <summary>A peer's compute channel could not be found or connected to.</summary>
internal sealed class ComputeChannelUnreachableException : Exception
{
    public ComputeChannelUnreachableException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException) => Permanent = permanent;

    /// <summary>Whether trying again cannot help (an egress refusal, a malformed answer).</summary>
    public bool Permanent { get; }
}
