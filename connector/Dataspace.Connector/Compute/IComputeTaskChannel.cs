using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>A task's channel as opened by <see cref="IComputeChannelFactory"/>; disposing it ends the task's messaging.</summary>
public interface IComputeTaskChannel : IComputeChannel, IAsyncDisposable;
