namespace Dataspace.Connector.Testing;

/// <summary>Polls a condition until it holds, for state that changes in the background (a negotiation's state, a file).</summary>
public static class Eventually
{
    /// <summary>How long to wait between two polls unless told otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it returns true.</summary>
    /// <exception cref="TimeoutException">The condition still did not hold after <paramref name="timeout"/>; the message names <paramref name="description"/>.</exception>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ValueAsync(condition, static holds => holds, timeout, description, cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> until it returns true.</summary>
    /// <exception cref="TimeoutException">The condition still did not hold after <paramref name="timeout"/>.</exception>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, description, cancellationToken);
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="accept"/> holds for its value, and returns that value.</summary>
    /// <exception cref="TimeoutException">No value was accepted after <paramref name="timeout"/>; the message shows the last value read.</exception>
    public static Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string? description = null, CancellationToken cancellationToken = default) =>
        ValueAsync(read, accept, timeout, DefaultInterval, TimeProvider.System, description, cancellationToken);

    /// <summary>
    /// Reads <paramref name="read"/> every <paramref name="interval"/> (on <paramref name="timeProvider"/>'s clock) until
    /// <paramref name="accept"/> holds for its value, and returns that value. The read always runs at least once.
    /// </summary>
    /// <exception cref="TimeoutException">No value was accepted after <paramref name="timeout"/>; the message shows the last value read.</exception>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, TimeSpan interval, TimeProvider timeProvider, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (accept(value))
            {
                return value;
            }

            if (timeProvider.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException($"{description ?? "the condition"} did not hold within {timeout.TotalSeconds:0.###} s; last value: {Describe(value)}");
            }

            await Task.Delay(interval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        _ => value.ToString() ?? "null",
    };
}
