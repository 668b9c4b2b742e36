using System.Collections.Concurrent;

namespace Dataspace.Conformance;

/// <summary>What a check runs with: the configuration, an HTTP client whose traffic is recorded, and the exchange log.</summary>
public sealed class CheckContext
{
    private readonly ConcurrentQueue<RecordedExchange> _exchanges = new();

    /// <summary>Creates a context.</summary>
    public CheckContext(ConformanceConfiguration configuration, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Configuration = configuration;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The run's configuration.</summary>
    public ConformanceConfiguration Configuration { get; }

    /// <summary>Time, for deadlines and timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Messages exchanged with the target so far, in order.</summary>
    public IReadOnlyList<RecordedExchange> Exchanges => [.. _exchanges];

    /// <summary>Records an exchange (the suite's HTTP client and its callback server do this for every message).</summary>
    public void Record(RecordedExchange exchange) => _exchanges.Enqueue(exchange);

    /// <summary>Per-check state shared between helpers of one profile (e.g. the running counter-party), disposed after the check.</summary>
    public ConcurrentDictionary<string, object> Items { get; } = new(StringComparer.Ordinal);
}
