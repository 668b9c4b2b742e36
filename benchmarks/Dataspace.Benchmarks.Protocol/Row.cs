namespace Dataspace.Benchmarks.Protocol;

/// <summary>One line of the results table; <paramref name="CpuMs"/> is the process's CPU time per item (both connectors and the client).</summary>
internal sealed record Row(string Name, Latencies Latencies, double? PerSecond = null, double? CpuMs = null);
