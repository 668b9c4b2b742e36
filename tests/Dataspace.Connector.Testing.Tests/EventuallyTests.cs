namespace Dataspace.Connector.Testing.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task UntilAsync_ConditionNeverHolds_ThrowsTimeoutNamingTheCondition()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.UntilAsync(() => false, TimeSpan.FromMilliseconds(100), "the file appearing"));

        Assert.Contains("the file appearing did not hold within 0.1 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilAsync_ConditionHoldsAfterSomePolls_Returns()
    {
        var polls = 0;

        await Eventually.UntilAsync(() => ++polls == 3, TimeSpan.FromSeconds(10));

        Assert.Equal(3, polls);
    }

    [Fact]
    public async Task ValueAsync_NeverAccepted_ThrowsWithTheLastValue()
    {
        var reads = 0;

        var e = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync(() => Task.FromResult("state-" + ++reads), v => v == "never", TimeSpan.FromMilliseconds(60)));

        Assert.Contains("last value: state-" + reads, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValueAsync_ZeroTimeout_StillReadsOnce()
    {
        var value = await Eventually.ValueAsync(() => Task.FromResult(42), v => v == 42, TimeSpan.Zero);

        Assert.Equal(42, value);
    }

    [Fact]
    public async Task ValueAsync_Cancelled_StopsWaiting()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.UntilAsync(() => false, TimeSpan.FromMinutes(5), cancellationToken: cancel.Token));
    }
}
