using System.Globalization;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// CPU time of the PostgreSQL backends serving one database, read from /proc: a backend's process title is
/// "postgres: USER DATABASE HOST(PORT) ACTIVITY". Backends that ended keep the time last seen, so the total never falls.
/// </summary>
internal sealed class BackendCpu(string database)
{
    // Clock ticks per second of /proc/PID/stat (USER_HZ), 100 on every Linux that .NET runs on.
    private const double TicksPerSecond = 100;
    private readonly Dictionary<int, long> _ticks = [];
    private readonly string _marker = $" {database} ";

    /// <summary>The total CPU time of every backend of the database seen so far; zero where there is no /proc.</summary>
    public TimeSpan Total()
    {
        lock (_ticks)
        {
            if (Directory.Exists("/proc"))
            {
                foreach (var directory in Directory.EnumerateDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(directory) is { } ticks)
                    {
                        _ticks[pid] = ticks;
                    }
                }
            }

            return TimeSpan.FromSeconds(_ticks.Values.Sum() / TicksPerSecond);
        }
    }

    private long? Read(string directory)
    {
        try
        {
            var title = File.ReadAllText(Path.Combine(directory, "cmdline"));
            if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains(_marker, StringComparison.Ordinal))
            {
                return null;
            }

            // Fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while being read.
            return null;
        }
    }
}
