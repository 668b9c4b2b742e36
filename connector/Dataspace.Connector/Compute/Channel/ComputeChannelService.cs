using Dataspace.Connector.Compute.Channel.Grpc;
using Dataspace.Connector.Protocol.Dsp;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>
/// The receiving end: admits a peer's stream only when its identity token (checked as a DSP request's) names a party of a
/// task this connector has opened; anything else is refused with the reason before a single frame is read.
/// </summary>
internal sealed partial class ComputeChannelService : ComputeChannel.ComputeChannelBase
{
    private readonly GrpcComputeChannelFactory _factory;
    private readonly IDspCallerAuthenticator _authenticator;
    private readonly ILogger<ComputeChannelService> _logger;

    public ComputeChannelService(GrpcComputeChannelFactory factory, IDspCallerAuthenticator authenticator, ILogger<ComputeChannelService> logger)
    {
        _factory = factory;
        _authenticator = authenticator;
        _logger = logger;
    }

    public override async Task Connect(IAsyncStreamReader<Frame> requestStream, IServerStreamWriter<Reply> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var authentication = await _authenticator.AuthenticateAsync(http, context.CancellationToken).ConfigureAwait(false);
        if (authentication.Caller is not { } caller)
        {
            throw Refuse(StatusCode.Unauthenticated, $"the caller is not authenticated: {authentication.FailureReason}", null);
        }

        var jobId = context.RequestHeaders.GetValue(ComputeChannelProtocol.JobHeader);
        var taskId = context.RequestHeaders.GetValue(ComputeChannelProtocol.TaskHeader);
        if (string.IsNullOrEmpty(jobId) || string.IsNullOrEmpty(taskId))
        {
            throw Refuse(StatusCode.InvalidArgument, $"the stream names no task: headers '{ComputeChannelProtocol.JobHeader}' and '{ComputeChannelProtocol.TaskHeader}' are required", caller.Did);
        }

        if (_factory.Find(jobId, taskId) is not { } task)
        {
            // Said apart from the other refusals: the party may simply not have opened the task yet, and its peer tries again.
            throw Refuse(StatusCode.PermissionDenied, $"this connector has not opened job '{jobId}' task '{taskId}'", caller.Did, notOpened: true);
        }

        if (task.Link(caller.Did) is not { } link)
        {
            throw Refuse(StatusCode.PermissionDenied, $"{caller.Did} is not a party of job '{jobId}' task '{taskId}'", caller.Did);
        }

        if (!link.TryClaimInbound(out var reason))
        {
            throw Refuse(StatusCode.PermissionDenied, reason, caller.Did);
        }

        await link.RunInboundAsync(requestStream, responseStream, context.CancellationToken).ConfigureAwait(false);
    }

    private RpcException Refuse(StatusCode code, string reason, string? caller, bool notOpened = false)
    {
        LogRefused(_logger, caller ?? "(unauthenticated)", code.ToString(), reason);
        var trailers = new Metadata();
        if (notOpened)
        {
            trailers.Add(ComputeChannelProtocol.NotOpenedTrailer, "true");
        }

        return new RpcException(new Status(code, reason), trailers);
    }

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Refused a compute channel stream from {Caller}: {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string caller, string code, string reason);
}
