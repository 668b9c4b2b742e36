using System.Collections.Concurrent;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>
/// Messages and steps this instance held until its DSP answer was sent and then kept: still claimed by this instance in
/// the database, they go to this instance's own worker at its next claim instead of being released to every instance.
/// </summary>
/// <remarks>
/// Releasing them meant an UPDATE and a NOTIFY that woke every instance, each of which then claimed and mostly found
/// nothing (the wake-up herd). Only ids live here: the claim reads the rows back, checking they are still there (not
/// withdrawn meanwhile) and still this instance's. A crash loses nothing: the rows are claims of a dead instance, which
/// the database frees like any other.
/// </remarks>
internal sealed class PostgresHandOff
{
    /// <summary>
    /// At most this many rows of each kind wait here; beyond that the answer releases them to every instance, so a busy
    /// instance does not keep work that an idle one could do.
    /// </summary>
    internal const int Capacity = 64;

    private readonly ConcurrentQueue<long> _messages = new();
    private readonly ConcurrentQueue<long> _steps = new();

    /// <summary>Whether <paramref name="messages"/> more messages and <paramref name="steps"/> more steps fit.</summary>
    public bool HasRoomFor(int messages, int steps) => _messages.Count + messages <= Capacity && _steps.Count + steps <= Capacity;

    /// <summary>Keeps the rows for this instance's next claim.</summary>
    public void Add(IEnumerable<long> messages, IEnumerable<long> steps)
    {
        foreach (var id in messages)
        {
            _messages.Enqueue(id);
        }

        foreach (var id in steps)
        {
            _steps.Enqueue(id);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> message ids, oldest first.</summary>
    public long[] TakeMessages(int max) => Take(_messages, max);

    /// <summary>Takes up to <paramref name="max"/> step ids, oldest first.</summary>
    public long[] TakeSteps(int max) => Take(_steps, max);

    private static long[] Take(ConcurrentQueue<long> queue, int max)
    {
        if (max <= 0 || queue.IsEmpty)
        {
            return [];
        }

        var taken = new List<long>(Math.Min(max, queue.Count));
        while (taken.Count < max && queue.TryDequeue(out var id))
        {
            taken.Add(id);
        }

        return [.. taken];
    }
}
