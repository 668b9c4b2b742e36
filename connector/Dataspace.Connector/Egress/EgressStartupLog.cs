using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Egress;

/// <summary>Says in the log, once at start, what the egress policy allows; the development mode is a warning.</summary>
internal sealed partial class EgressStartupLog : IHostedService
{
    private readonly IOptions<EgressOptions> _options;
    private readonly ILogger<EgressStartupLog> _logger;

    public EgressStartupLog(IOptions<EgressOptions> options, ILogger<EgressStartupLog> logger)
    {
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var description = ConnectorEgressExtensions.Describe(_options.Value);
        if (_options.Value.AllowPrivateNetworks)
        {
            LogDevelopmentMode(_logger, description);
        }
        else
        {
            LogPolicy(_logger, description);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Egress policy: {Description}; peers can make this connector reach internal services, do not use in production")]
    private static partial void LogDevelopmentMode(ILogger logger, string description);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Egress policy: {Description}")]
    private static partial void LogPolicy(ILogger logger, string description);
}
