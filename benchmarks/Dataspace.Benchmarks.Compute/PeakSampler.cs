using System.Diagnostics;

namespace Dataspace.Benchmarks.Compute;

/// <summary>Samples the process's working set every 50 ms: the peak during one run, not since the process started.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public PeakSampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

    public long Peak => Interlocked.Read(ref _peak);

    public void Stop()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        Sample();
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var now = process.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
    }
}
