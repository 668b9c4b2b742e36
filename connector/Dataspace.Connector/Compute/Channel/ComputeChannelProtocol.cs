namespace Dataspace.Connector.Compute.Channel;

/// <summary>The names a compute channel's two ends agree on (docs/compute/channel.md).</summary>
public static class ComputeChannelProtocol
{
    /// <summary>The path, on a connector's DSP listener, of the document that names its compute channel address.</summary>
    public const string WellKnownPath = "/.well-known/dspace-compute";

    /// <summary>The request header naming the job whose task the stream belongs to.</summary>
    public const string JobHeader = "compute-job-id";

    /// <summary>The request header naming the task the stream belongs to.</summary>
    public const string TaskHeader = "compute-task-id";

    /// <summary>The trailer of a refused stream that says the task is not open at the receiver yet, so the sender may try again.</summary>
    public const string NotOpenedTrailer = "compute-not-opened";

    /// <summary>The longest topic name, in characters.</summary>
    public const int MaxTopicLength = 200;
}
