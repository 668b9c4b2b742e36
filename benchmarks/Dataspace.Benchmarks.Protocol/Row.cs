namespace Dataspace.Benchmarks.Protocol;

/// <summary>One line of the results table.</summary>
internal sealed record Row(string Name, Latencies Latencies, double? PerSecond = null);
