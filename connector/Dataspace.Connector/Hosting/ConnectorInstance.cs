namespace Dataspace.Connector.Hosting;

/// <summary>Facts about the running connector, known once start-up has initialised the database.</summary>
public sealed class ConnectorInstance
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The connector's version.</summary>
    public static string Version { get; } =
        typeof(ConnectorInstance).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Identifies this running process among the instances sharing one database (it owns the outbox messages it claims);
    /// new on every start.
    /// </summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>The participant id announced to peers.</summary>
    public string ParticipantId { get; private set; } = "";

    /// <summary>When this process finished starting.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>How many times a connector has started on this data folder, this start included.</summary>
    public long StartCount { get; private set; }

    /// <summary>Whether start-up has completed.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    internal void MarkReady(string participantId, DateTimeOffset startedAt, long startCount)
    {
        ParticipantId = participantId;
        StartedAt = startedAt;
        StartCount = startCount;
        _ready.TrySetResult();
    }
}
