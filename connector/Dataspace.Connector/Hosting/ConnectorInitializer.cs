using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Hosting;

/// <summary>Prepares the data folder and the database before the connector accepts requests.</summary>
internal sealed partial class ConnectorInitializer : IHostedService
{
    private readonly IStorageLifecycle _storage;
    private readonly IConnectorStateStore _state;
    private readonly ConnectorInstance _instance;
    private readonly IOptions<ConnectorOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConnectorInitializer> _logger;

    public ConnectorInitializer(IStorageLifecycle storage, IConnectorStateStore state, ConnectorInstance instance, IOptions<ConnectorOptions> options, TimeProvider time, ILogger<ConnectorInitializer> logger)
    {
        _storage = storage;
        _state = state;
        _instance = instance;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await _storage.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var configured = _options.Value.ParticipantId;
        var participantId = string.IsNullOrWhiteSpace(configured)
            ? await _state.GetOrCreateParticipantIdAsync("urn:uuid:" + Guid.NewGuid().ToString("D"), cancellationToken).ConfigureAwait(false)
            : configured;
        var starts = await _state.RecordStartAsync(ConnectorInstance.Version, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _instance.MarkReady(participantId, _time.GetUtcNow(), starts);
        LogInitialized(_logger, participantId, version, starts);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {ParticipantId} initialised: schema version {SchemaVersion}, start number {StartCount}")]
    private static partial void LogInitialized(ILogger logger, string participantId, int schemaVersion, long startCount);
}
