using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Merkle;
using Dataspace.Portal.Components.Common;
using Dataspace.Portal.Components.Pages;
using Dataspace.Portal.Localization;
using Dataspace.Portal.Session;
using Dataspace.Portal.Tests.Browser;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ClientUsageRecord = Dataspace.Connector.Client.UsageRecord;

namespace Dataspace.Portal.Tests.Components;

/// <summary>The audit log and metering pages, and the evidence bundle download, against a real connector with a did:key identity.</summary>
public sealed class AuditMeteringPagesTests : IAsyncLifetime, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dataspace-portal-audit-").FullName;
    private RunningConnector _connector = default!;

    public async Task InitializeAsync()
    {
        _connector = await RunningConnector.StartAsync(_root, new Dictionary<string, string?>
        {
            // A did:key identity, so the log's checkpoints are signed and entries have proofs.
            ["Connector:Identity:Method"] = "key",
            ["Connector:Audit:CheckpointInterval"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Audit_SearchesByAgreement_ShowsTheEntryWithAnInclusionProofThatVerifies_InChineseToo()
    {
        await AppendAuditAsync(12);
        using var context = Context();
        var page = context.Render<Audit>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=audit-entries] tbody tr")), TimeSpan.FromSeconds(10));

        page.Find("#audit-agreement").Change("agreement-odd");
        page.Find("form.filter").Submit();
        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=audit-entries] tbody tr");
            Assert.Equal(6, rows.Count);
            Assert.All(rows, r => Assert.Contains("agreement-odd", r.TextContent, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10));

        page.FindAll("[data-testid=audit-entries] tbody tr")[2].QuerySelector("button")!.Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=audit-proof]")), TimeSpan.FromSeconds(10));
        var index = long.Parse(page.FindAll("[data-testid=audit-entries] tbody tr")[2].QuerySelector("td")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
        var size = long.Parse(page.Find("[data-testid=checkpoint-size]").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        var root = Convert.FromBase64String(page.Find("[data-testid=checkpoint-root]").TextContent);
        var proof = page.FindAll("[data-testid=proof-hashes] li").Select(li => Convert.FromBase64String(li.TextContent)).ToList();
        var entry = await _connector.Client.GetAuditEntryAsync(index);
        var leaf = new byte[Sha256TreeHasher.Instance.HashSize];
        Sha256TreeHasher.Instance.HashLeaf(Convert.FromBase64String(entry.Entry.Data), leaf);
        Assert.True(MerkleVerifier.VerifyInclusion(Sha256TreeHasher.Instance, index, size, leaf, proof, root), "the proof the page shows does not verify");
        Assert.Contains("audit/bundle?agreementId=agreement-odd", page.Markup, StringComparison.Ordinal);

        using var chinese = Context();
        var zh = chinese.Render<Audit>(p => p.AddCascadingValue(PortalTexts.Chinese));
        zh.WaitForAssertion(() => Assert.NotEmpty(zh.FindAll("[data-testid=audit-entries] tbody tr")), TimeSpan.FromSeconds(10));
        Assert.Equal("审计日志", zh.Find("h1").TextContent);
        Assert.Contains("下载证据包", zh.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_NextAndPrevious_FollowTheApisNext()
    {
        await AppendAuditAsync(30);
        using var context = Context();
        var page = context.Render<Audit>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("[data-testid=audit-entries] tbody tr").Count), TimeSpan.FromSeconds(10));
        var first = page.Find("[data-testid=audit-entries] tbody tr td").TextContent;

        page.FindAll("nav.pager button")[1].Click();
        page.WaitForAssertion(() => Assert.Equal("25", page.Find("[data-testid=audit-entries] tbody tr td").TextContent), TimeSpan.FromSeconds(10));
        page.FindAll("nav.pager button")[0].Click();
        page.WaitForAssertion(() => Assert.Equal(first, page.Find("[data-testid=audit-entries] tbody tr td").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task BundleDownload_StreamsABundleThatReads_AndRefusesWithoutExactlyOneId()
    {
        await AppendAuditAsync(6);
        await using var services = Services();
        var connection = services.GetRequiredService<PortalConnection>();

        var ok = SignedIn();
        await AuditBundleDownload.DownloadAsync("agreement-even", null, null, null, ok, connection);
        Assert.Equal(StatusCodes.Status200OK, ok.Response.StatusCode);
        ok.Response.Body.Position = 0;
        var bundle = await EvidenceBundle.ReadAsync(ok.Response.Body, CancellationToken.None);
        Assert.Equal(3, bundle.Entries.Count);
        Assert.Contains("evidence-agreement-even.bundle", ok.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);

        var none = SignedIn();
        await AuditBundleDownload.DownloadAsync("agreement-none", null, null, null, none, connection);
        Assert.Equal(StatusCodes.Status404NotFound, none.Response.StatusCode);

        var both = SignedIn();
        await AuditBundleDownload.DownloadAsync("a", "p", null, null, both, connection);
        Assert.Equal(StatusCodes.Status400BadRequest, both.Response.StatusCode);

        var anonymous = new DefaultHttpContext();
        anonymous.Response.Body = new MemoryStream();
        await AuditBundleDownload.DownloadAsync("agreement-even", null, null, null, anonymous, connection);
        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
        Assert.Equal(0, anonymous.Response.Body.Length);
    }

    [Fact]
    public async Task BundleDownload_ByTimeRange_StreamsTheRangesEntries_AndThePageLinksToIt()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await AppendAuditAsync(4);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        await using var services = Services();
        var connection = services.GetRequiredService<PortalConnection>();

        var ok = SignedIn();
        await AuditBundleDownload.DownloadAsync(null, null, before, after, ok, connection);
        Assert.Equal(StatusCodes.Status200OK, ok.Response.StatusCode);
        ok.Response.Body.Position = 0;
        var bundle = await EvidenceBundle.ReadAsync(ok.Response.Body, CancellationToken.None);
        var verified = EvidenceBundleVerifier.Verify(bundle);
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal(4, bundle.Entries.Count(e => System.Text.Encoding.UTF8.GetString(e.Data).Contains("\"type\":\"data.access\"", StringComparison.Ordinal)));
        Assert.Contains("evidence-", ok.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);

        var empty = SignedIn();
        await AuditBundleDownload.DownloadAsync(null, null, after.AddDays(1), after.AddDays(2), empty, connection);
        Assert.Equal(StatusCodes.Status404NotFound, empty.Response.StatusCode);
        var half = SignedIn();
        await AuditBundleDownload.DownloadAsync(null, null, before, null, half, connection);
        Assert.Equal(StatusCodes.Status400BadRequest, half.Response.StatusCode);
        var backwards = SignedIn();
        await AuditBundleDownload.DownloadAsync(null, null, after, before, backwards, connection);
        Assert.Equal(StatusCodes.Status400BadRequest, backwards.Response.StatusCode);
        var mixed = SignedIn();
        await AuditBundleDownload.DownloadAsync("agreement-even", null, before, after, mixed, connection);
        Assert.Equal(StatusCodes.Status400BadRequest, mixed.Response.StatusCode);

        using var context = Context();
        var page = context.Render<Audit>();
        Assert.Null(page.Find("#bundle-range").GetAttribute("href"));
        page.Find("#bundle-from").Input("2026-12-01T08:00:00");
        page.Find("#bundle-to").Input("2026-12-02T08:00:00");
        page.WaitForAssertion(() => Assert.Equal(
            "audit/bundle?from=2026-12-01T08%3A00%3A00.0000000%2B00%3A00&to=2026-12-02T08%3A00%3A00.0000000%2B00%3A00",
            page.Find("#bundle-range").GetAttribute("href")));
    }

    [Fact]
    public async Task BundleDownload_OverHttpWithoutASession_RedirectsToSignIn_AndSendsNoBundle()
    {
        await AppendAuditAsync(2);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_connector.Address) };

        using var response = await http.GetAsync("/portal/audit/bundle?agreementId=agreement-even");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/portal/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metering_ChartsUsagePerDay_TablesPerAgreementAndCounterParty_AndListsDisputesWithBothFigures()
    {
        var now = DateTimeOffset.UtcNow;
        var records = _connector.App.Services.GetRequiredService<IUsageRecordStore>();
        await records.AppendAsync(Usage("agreement-1", "did:web:alpha", now, 1000, 2), CancellationToken.None);
        await records.AppendAsync(Usage("agreement-1", "did:web:alpha", now.AddDays(-2), 500, 1), CancellationToken.None);
        await records.AppendAsync(Usage("agreement-2", "did:web:beta", now, 70, 7), CancellationToken.None);
        await records.AppendAsync(Usage("agreement-old", "did:web:beta", now.AddDays(-40), 99999, 9), CancellationToken.None);
        await _connector.App.Services.GetRequiredService<IUsageReceiptStore>().SaveAsync(new UsageReceipt
        {
            Id = "receipt-disputed", AgreementId = "agreement-1", CounterPartyId = "did:web:alpha", Role = ProcessRole.Provider,
            PeriodStart = now.AddDays(-1), PeriodEnd = now, Ours = new UsageTotals(1500, 3, 0, 0, 0), OurSignature = "ours",
            Theirs = new UsageTotals(1200, 3, 0, 0, 0), TheirSignature = "theirs", State = ReceiptState.Disputed, Note = "figures differ", UpdatedAt = now,
        }, CancellationToken.None);

        using var context = Context();
        var page = context.Render<Metering>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=usage-per-agreement] tbody tr").Count), TimeSpan.FromSeconds(10));

        var bytes = page.FindAll("[data-testid=usage-bytes] rect");
        Assert.Equal(14, bytes.Count);
        Assert.Contains(": 1070", bytes[^1].TextContent, StringComparison.Ordinal);
        Assert.Contains(": 500", bytes[^3].TextContent, StringComparison.Ordinal);
        Assert.Contains(": 9", page.FindAll("[data-testid=usage-calls] rect")[^1].TextContent, StringComparison.Ordinal);
        var alpha = page.FindAll("[data-testid=usage-per-counterparty] tbody tr").Single(r => r.TextContent.Contains("did:web:alpha", StringComparison.Ordinal));
        Assert.Contains("1500", alpha.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("99999", page.Markup, StringComparison.Ordinal);

        // Per day, broken down per agreement and per counterparty: newest day first, then by bytes.
        static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var perAgreement = page.FindAll("[data-testid=usage-per-day-agreement] tbody tr").Select(r => string.Join('|', r.QuerySelectorAll("td").Select(c => c.TextContent))).ToList();
        Assert.Equal([$"{Day(now)}|agreement-1|did:web:alpha|1000|2", $"{Day(now)}|agreement-2|did:web:beta|70|7", $"{Day(now.AddDays(-2))}|agreement-1|did:web:alpha|500|1"], perAgreement);
        var perParty = page.FindAll("[data-testid=usage-per-day-counterparty] tbody tr").Select(r => string.Join('|', r.QuerySelectorAll("td").Select(c => c.TextContent))).ToList();
        Assert.Equal([$"{Day(now)}|did:web:alpha|1000|2", $"{Day(now)}|did:web:beta|70|7", $"{Day(now.AddDays(-2))}|did:web:alpha|500|1"], perParty);

        var dispute = page.Find("[data-testid=disputes] tbody tr");
        Assert.Contains("receipt-disputed", dispute.TextContent, StringComparison.Ordinal);
        Assert.Contains("1500", dispute.TextContent, StringComparison.Ordinal);
        Assert.Contains("1200", dispute.TextContent, StringComparison.Ordinal);

        using var chinese = Context();
        var zh = chinese.Render<Metering>(p => p.AddCascadingValue(PortalTexts.Chinese));
        zh.WaitForAssertion(() => Assert.Equal(2, zh.FindAll("[data-testid=usage-per-agreement] tbody tr").Count), TimeSpan.FromSeconds(10));
        Assert.Equal("计量", zh.Find("h1").TextContent);
        Assert.Contains("每日字节数", zh.Markup, StringComparison.Ordinal);
        Assert.Contains("争议", zh.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageDay_Sum_AddsBytesAndCallsPerUtcDay_WithinTheWindowOnly()
    {
        var today = new DateOnly(2026, 11, 23);
        var at = (int day, int hour) => new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.Zero);
        ClientUsageRecord R(DateTimeOffset t, long bytes, long calls) => new(1, "a", null, "p", "provider", "dataAccess", bytes, calls, 0, null, 0, t);

        var days = UsageDay.Sum([R(at(23, 1), 10, 1), R(at(23, 22), 5, 2), R(at(21, 0), 7, 3), R(at(9, 0), 100, 100),
            R(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.FromHours(8)), 1, 1)], today, 3);

        Assert.Equal([new UsageDay(new DateOnly(2026, 11, 21), 7, 3), new UsageDay(new DateOnly(2026, 11, 22), 1, 1), new UsageDay(today, 15, 3)], days);
    }

    private async Task AppendAuditAsync(int count)
    {
        var log = _connector.App.Services.GetRequiredService<IAuditLog>();
        var size = 0L;
        for (var i = 0; i < count; i++)
        {
            var appended = await log.AppendAsync(new AuditRecord
            {
                Type = AuditRecordTypes.DataAccess,
                Actor = "did:web:peer",
                CounterParty = "did:web:peer",
                AgreementId = i % 2 == 0 ? "agreement-even" : "agreement-odd",
                Digest = "sha256:" + new string('a', 64),
                Details = new JsonObject { ["bytes"] = i },
            }, CancellationToken.None);
            size = appended.Index + 1;
        }

        // Proofs are against the latest signed checkpoint: wait until it covers what was appended.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await TryLatestSizeAsync()) < size)
        {
            await Task.Delay(50, wait.Token);
        }
    }

    private async Task<long> TryLatestSizeAsync()
    {
        try
        {
            return (await _connector.Client.GetLatestAuditCheckpointAsync()).Size;
        }
        catch (Connector.Client.ManagementApiException)
        {
            return 0;
        }
    }

    private static Dataspace.Sdk.Metering.UsageRecord Usage(string agreementId, string counterParty, DateTimeOffset at, long bytes, long calls) => new()
    {
        AgreementId = agreementId, CounterPartyId = counterParty, Role = ProcessRole.Provider, Kind = UsageKind.DataAccess, Bytes = bytes, Requests = calls, At = at,
    };

    private DefaultHttpContext SignedIn()
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PortalAuthentication.ApiKeyClaim, _connector.ApiKey)], "test")),
        };
        context.Response.Body = new MemoryStream();
        return context;
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(PortalConnection.HttpClientName, http => http.BaseAddress = new Uri(_connector.Address));
        services.AddSingleton<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AnonymousState>();
        services.AddScoped<PortalConnection>();
        return services.BuildServiceProvider();
    }

    private BunitContext Context()
    {
        var context = new BunitContext();
        context.AddAuthorization().SetAuthorized("operator").SetClaims(new Claim(PortalAuthentication.ApiKeyClaim, _connector.ApiKey));
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(Options.Create(new PortalOptions()));
        context.Services.AddHttpClient(PortalConnection.HttpClientName, http => http.BaseAddress = new Uri(_connector.Address));
        context.Services.AddScoped<PortalConnection>();
        return context;
    }

    // The download reads the key from the request's user, never from the circuit's state: no one is signed in here.
    private sealed class AnonymousState : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(new ClaimsPrincipal()));
    }
}
