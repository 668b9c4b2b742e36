using System.Runtime.InteropServices;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>
/// SQLite's busy handler, as <c>PRAGMA busy_timeout</c> would install it (sleeps of 1, 2, 5, 10, 15, 20, 25, 25, 25, 50,
/// 50, 100 ms, then 100 ms each, until the timeout), but counting each sleep: how often a writer found the database
/// locked is the figure that shows writers colliding instead of queueing.
/// </summary>
/// <remarks>SQLitePCLRaw does not expose <c>sqlite3_busy_handler</c>, so it is imported from the bundled e_sqlite3.</remarks>
internal static class SqliteBusyHandler
{
    private static readonly int[] Delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

    // The sleeps before each of the above, added up.
    private static readonly int[] Totals = [0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228];

    // One delegate for the process, never collected: a pooled native connection keeps calling it after the
    // ConnectorDatabase that installed it is gone.
    private static readonly Callback OnBusyCallback = OnBusy;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int Callback(IntPtr state, int count);

    /// <summary>Installs the handler on <paramref name="handle"/>; <paramref name="counter"/> must stay allocated as long as the native connection lives.</summary>
    public static void Install(SQLitePCL.sqlite3 handle, GCHandle counter)
    {
        var rc = sqlite3_busy_handler(handle.DangerousGetHandle(), OnBusyCallback, GCHandle.ToIntPtr(counter));
        if (rc != 0)
        {
            throw new InvalidOperationException($"sqlite3_busy_handler failed with code {rc}");
        }
    }

    /// <summary>The sleep before the attempt after <paramref name="count"/> failed ones, or null once <paramref name="timeoutMs"/> would be exceeded.</summary>
    internal static int? Delay(int count, int timeoutMs)
    {
        var (delay, prior) = count < Delays.Length
            ? (Delays[count], Totals[count])
            : (Delays[^1], Totals[^1] + ((long)(count - Delays.Length + 1) * Delays[^1]));
        return prior >= timeoutMs ? null : (int)Math.Min(delay, timeoutMs - prior);
    }

    private static int OnBusy(IntPtr state, int count)
    {
        var counter = (BusyCounter)GCHandle.FromIntPtr(state).Target!;
        if (Delay(count, counter.TimeoutMs) is not { } delay)
        {
            return 0; // SQLITE_BUSY to the caller.
        }

        Interlocked.Increment(ref counter.Waits);
        Thread.Sleep(delay);
        return 1;
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(IntPtr db, Callback callback, IntPtr state);
}
