using Dataspace.Connector.Metering;

namespace Dataspace.Connector.Tests.Metering;

public sealed class SummaryBudgetTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryTake_BeyondTheLimit_RefusesThatPeerUntilThePeriodEnds_OthersGoOn()
    {
        var budget = new SummaryBudget();
        Assert.True(budget.TryTake("did:web:a", Noon, Day, 2, out _));
        Assert.True(budget.TryTake("did:web:a", Noon.AddHours(1), Day, 2, out _));
        Assert.False(budget.TryTake("did:web:a", Noon.AddHours(2), Day, 2, out var end));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), end);
        Assert.True(budget.TryTake("did:web:b", Noon.AddHours(2), Day, 2, out _));

        // The next period starts every peer afresh.
        Assert.True(budget.TryTake("did:web:a", end, Day, 2, out var next));
        Assert.Equal(end + Day, next);
    }

    [Fact]
    public async Task TryTake_Concurrently_TakesExactlyTheLimit()
    {
        var budget = new SummaryBudget();
        var taken = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => budget.TryTake("did:web:a", Noon, Day, 150, out _))));
        Assert.Equal(150, taken.Count(t => t));
    }
}
