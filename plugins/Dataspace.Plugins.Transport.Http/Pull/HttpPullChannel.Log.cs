using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Pull;

internal sealed partial class HttpPullChannel
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pull access for transfer {TransferId} issued to {ConsumerId}, valid until {ExpiresAt} (Unix seconds)")]
    private static partial void LogIssued(ILogger logger, string transferId, string consumerId, long expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull access for transfer {TransferId} revoked ({Reason})")]
    private static partial void LogRevoked(ILogger logger, string transferId, TransferStopReason reason);
}
