using Microsoft.Extensions.Logging;

namespace Dataspace.Identity.Dcp;

public sealed partial class DcpVerifier
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Verified caller {Did} with {Count} credentials")]
    private static partial void LogVerified(ILogger logger, string did, int count);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Refused caller: {Failure}: {Reason}")]
    private static partial void LogRefused(ILogger logger, VerificationFailure failure, string reason);
}
