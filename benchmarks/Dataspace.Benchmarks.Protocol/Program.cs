// Protocol benchmarks: negotiations per second with latency percentiles, and catalog latency with many offers.
Console.WriteLine("protocol benchmarks: not written yet");
