namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// One line of the results table; <paramref name="CpuMs"/> is the process's CPU time per item (both connectors and the
/// client), <paramref name="Commits"/> the database commits per item (both connectors) and <paramref name="Requests"/> the
/// HTTP requests answered per item (every host in the process), <paramref name="BusyWaits"/> the sleeps of SQLite's busy
/// handler per item (a writer that found the database locked; both connectors).
/// </summary>
internal sealed record Row(string Name, Latencies Latencies, double? PerSecond = null, double? CpuMs = null, double? Commits = null, double? Requests = null, double? BusyWaits = null);
