namespace Dataspace.Sdk.Compute;

/// <summary>The other party left, the task ended, or a message broke the channel's rules.</summary>
public sealed class ComputeChannelClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComputeChannelClosedException() : base("The compute channel is closed.") { }

    /// <summary>Creates the exception with a reason.</summary>
    public ComputeChannelClosedException(string message) : base(message) { }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public ComputeChannelClosedException(string message, Exception innerException) : base(message, innerException) { }
}
