using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Join;

/// <summary>Follows an application in the background until it ends (joined or rejected), so no client has to keep polling.</summary>
internal sealed partial class JoinMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly JoinService _join;
    private readonly TimeProvider _time;
    private readonly ILogger<JoinMonitor> _logger;

    public JoinMonitor(JoinService join, TimeProvider time, ILogger<JoinMonitor> logger)
    {
        _join = join;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                var state = await _join.GetAsync(stoppingToken).ConfigureAwait(false);
                if (state is { IsFinal: false })
                {
                    await _join.AdvanceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // A damaged state file is reported through the management API too; the loop keeps going for the next change.
                LogFailed(_logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 4035, Level = LogLevel.Warning, Message = "Following the data-space application failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
