using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>
/// Opens task channels over DCP-authenticated gRPC streams between connectors, and keeps the open ones so the gRPC
/// service can admit a peer's stream only for a task opened here and only from one of its parties.
/// </summary>
internal sealed partial class GrpcComputeChannelFactory : IComputeChannelFactory
{
    private readonly ConcurrentDictionary<(string JobId, string TaskId), ComputeTaskChannel> _open = new();
    private readonly Lock _gate = new();
    private readonly PeerConnector _connector;
    private readonly TimeProvider _time;
    private readonly ILogger<GrpcComputeChannelFactory> _logger;

    public GrpcComputeChannelFactory(PeerConnector connector, TimeProvider time, ILogger<GrpcComputeChannelFactory> logger)
    {
        _connector = connector;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many task channels are open.</summary>
    public int OpenCount => _open.Count;

    /// <inheritdoc/>
    public Task<IComputeTaskChannel> OpenAsync(ComputeChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        Validate(request);
        var channel = new ComputeTaskChannel(this, request, _connector, _time, _logger);
        lock (_gate)
        {
            var max = _connector.Options.MaxConcurrentTasks;
            if (_open.Count >= max)
            {
                throw new InvalidOperationException($"{max} task channels are open already, the limit (Connector:Compute:Channel:MaxConcurrentTasks); job '{request.JobId}' task '{request.TaskId}' must wait for one to close.");
            }

            if (!_open.TryAdd((request.JobId, request.TaskId), channel))
            {
                throw new InvalidOperationException($"The channel of job '{request.JobId}' task '{request.TaskId}' is open already.");
            }
        }

        LogOpened(_logger, request.JobId, request.TaskId, request.Peers.Count);
        channel.Start();
        return Task.FromResult<IComputeTaskChannel>(channel);
    }

    /// <summary>The open channel of a task, or null.</summary>
    public ComputeTaskChannel? Find(string jobId, string taskId) => _open.GetValueOrDefault((jobId, taskId));

    internal void Remove(ComputeTaskChannel channel) =>
        _open.TryRemove(new KeyValuePair<(string, string), ComputeTaskChannel>((channel.JobId, channel.TaskId), channel));

    private static void Validate(ComputeChannelRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.JobId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TaskId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Self, nameof(request));
        if (request.Peers is not { Count: > 0 })
        {
            throw new ArgumentException($"Job '{request.JobId}' task '{request.TaskId}' names no other party to open a channel with.", nameof(request));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in request.Peers)
        {
            if (string.IsNullOrWhiteSpace(peer.ParticipantId) || peer.ParticipantId == request.Self || !seen.Add(peer.ParticipantId))
            {
                throw new ArgumentException($"The parties of job '{request.JobId}' task '{request.TaskId}' must be distinct participant ids other than ours; '{peer.ParticipantId}' is not.", nameof(request));
            }

            if (peer.DspEndpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The DSP endpoint of '{peer.ParticipantId}' must be an absolute http(s) URL; '{peer.DspEndpoint}' is not.", nameof(request));
            }
        }
    }

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Compute channel of job {JobId} task {TaskId} opened with {PeerCount} other parties")]
    private static partial void LogOpened(ILogger logger, string jobId, string taskId, int peerCount);
}
