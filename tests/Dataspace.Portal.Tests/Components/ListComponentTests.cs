using Bunit;
using Dataspace.Connector.Client;
using Dataspace.Portal.Components.Common;
using Dataspace.Portal.Localization;

namespace Dataspace.Portal.Tests.Components;

public sealed class ListComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Pager_ShowsTheRange_AndAsksForTheNextAndPreviousPage()
    {
        var asked = new List<int>();
        var pager = _context.Render<Pager>(p => p.Add(c => c.Offset, 20).Add(c => c.Limit, 20).Add(c => c.Total, 45).Add(c => c.OffsetChanged, o => asked.Add(o)));

        Assert.Contains("21–40 of 45", pager.Markup, StringComparison.Ordinal);
        pager.FindAll("button")[1].Click();
        pager.FindAll("button")[0].Click();
        Assert.Equal([40, 0], asked);
    }

    [Theory]
    [InlineData(0, 20, 45, true, false)]
    [InlineData(40, 20, 45, false, true)]
    [InlineData(0, 20, 0, true, true)]
    public void Pager_DisablesWhatLeadsNowhere(int offset, int limit, long total, bool previousDisabled, bool nextDisabled)
    {
        var pager = _context.Render<Pager>(p => p.Add(c => c.Offset, offset).Add(c => c.Limit, limit).Add(c => c.Total, total));

        Assert.Equal(previousDisabled, pager.FindAll("button")[0].HasAttribute("disabled"));
        Assert.Equal(nextDisabled, pager.FindAll("button")[1].HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("FINALIZED", "已定约")]
    [InlineData("TERMINATED", "已终止")]
    [InlineData("STARTED", "已开始")]
    [InlineData("Revoked", "已吊销")]
    public void StateBadge_InChinese_ShowsTheTranslatedState_KeepingTheStateForStyling(string state, string chinese)
    {
        var badge = _context.Render<StateBadge>(p => p.Add(c => c.State, state).AddCascadingValue(PortalTexts.Chinese));

        Assert.Equal(chinese, badge.Find("span").TextContent);
        Assert.Contains("state-" + state.ToLowerInvariant(), badge.Find("span").ClassName, StringComparison.Ordinal);
        Assert.Equal(state, badge.Find("span").GetAttribute("title"));
    }

    [Fact]
    public void StateBadge_InEnglish_ShowsTheDspStateName()
    {
        var badge = _context.Render<StateBadge>(p => p.Add(c => c.State, "FINALIZED").AddCascadingValue(PortalTexts.English));

        Assert.Equal("FINALIZED", badge.Find("span").TextContent);
    }

    [Fact]
    public void ActivityDay_Count_CountsPerDayWithinTheWindowOnly()
    {
        var today = new DateOnly(2026, 11, 23);
        var at = (int day, int hour) => new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.Zero);

        var days = ActivityDay.Count([at(23, 1), at(23, 5), at(20, 0), at(9, 0)], [at(22, 3)], today, 7);

        Assert.Equal(7, days.Count);
        Assert.Equal(new DateOnly(2026, 11, 17), days[0].Day);
        Assert.Equal(new ActivityDay(today, 2, 0), days[^1]);
        Assert.Equal(new ActivityDay(new DateOnly(2026, 11, 22), 0, 1), days[^2]);
        Assert.Equal(3, days.Sum(d => d.Negotiations));
    }

    [Fact]
    public void ActivityChart_DrawsTwoBarsPerDay_ScaledToThePeak_WithTheFiguresInATable()
    {
        var days = new[] { new ActivityDay(new DateOnly(2026, 11, 22), 1, 0), new ActivityDay(new DateOnly(2026, 11, 23), 4, 2) };

        var chart = _context.Render<ActivityChart>(p => p.Add(c => c.Days, days).AddCascadingValue(PortalTexts.English));

        var bars = chart.FindAll("rect");
        Assert.Equal(4, bars.Count);
        var heights = bars.Select(b => double.Parse(b.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(140, heights[2]);
        Assert.Equal(35, heights[0]);
        Assert.Equal(0, heights[1]);
        Assert.Equal(70, heights[3]);
        Assert.Contains("peak 4", chart.Find("figcaption").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, chart.FindAll("tbody tr").Count);
    }

    [Fact]
    public void NegotiationTimeline_ShowsTheMessagesUpToTheState_WithTimesOnlyForWhatWasSeen()
    {
        var created = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var timeline = new NegotiationTimeline();

        timeline.Observe(Negotiation(NegotiationStates.Requested, created, created), created.AddMilliseconds(50));
        timeline.Observe(Negotiation(NegotiationStates.Finalized, created, created.AddSeconds(1)), created.AddSeconds(2));

        Assert.Equal(
            [("ContractRequestMessage", (DateTimeOffset?)created), ("ContractAgreementMessage", null), ("ContractAgreementVerificationMessage", null), ("ContractNegotiationEventMessage (finalized)", created.AddSeconds(1))],
            timeline.Entries.Select(e => (e.Message, e.At)));
    }

    [Fact]
    public void NegotiationTimeline_Termination_EndsWithTheReason()
    {
        var created = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var timeline = new NegotiationTimeline();

        timeline.Observe(Negotiation(NegotiationStates.Terminated, created, created.AddSeconds(1), "policy denied: purpose not allowed"), created.AddSeconds(2));

        var last = timeline.Entries[^1];
        Assert.Equal("ContractNegotiationTerminationMessage", last.Message);
        Assert.Equal("policy denied: purpose not allowed", last.Reason);
        Assert.Equal(2, timeline.Entries.Count);
    }

    [Fact]
    public void StateBadge_CarriesTheStateAsAClass()
    {
        var badge = _context.Render<StateBadge>(p => p.Add(c => c.State, "FINALIZED"));

        Assert.Equal("state state-finalized", badge.Find("span").ClassName);
    }

    private static Negotiation Negotiation(string state, DateTimeOffset created, DateTimeOffset updated, string? error = null) =>
        new("n1", "consumer", state, "p1", "c1", "did:web:provider", "http://127.0.0.1/api/dsp", "offer", "asset", state == NegotiationStates.Finalized ? "a1" : null, error, created, updated);
}
