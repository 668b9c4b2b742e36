using System.Text.Json.Nodes;
using Dataspace.Connector.Client;
using Microsoft.Playwright;

namespace Dataspace.Portal.Tests.Browser;

/// <summary>How the portal looks at 1280 px: a favicon, no lasting focus ring on headings, no words broken inside table cells.</summary>
public sealed class PortalLayoutTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // Every word of a table cell (long identifiers excepted) must sit on one line: its range has rectangles on one line only.
    // Words are runs between spaces and the characters a line may break after (hyphen, slash) or that split names (. , : ;).
    private const string BrokenWords = """
        () => {
          const broken = [];
          for (const cell of document.querySelectorAll('th, td:not(.id)')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.data.matchAll(/[^\s\-\/.,:;]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
              }
            }
          }
          return broken;
        }
        """;

    [BrowserFact]
    public async Task Portal_At1280px_ServesAFavicon_HeadingsKeepNoFocusRing_AndTablesBreakNoWords()
    {
        await using var participants = await Participants.StartAsync();
        await NegotiateAsync(participants);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalEndToEndTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        await page.GotoAsync(participants.ProviderPortal);
        await page.GetByLabel("Management API key").FillAsync(participants.Provider.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var favicon = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), icon).AbsoluteUri);
        Assert.Equal(200, favicon.Status);
        Assert.Equal("image/svg+xml", favicon.Headers["content-type"]);

        // Keyboard navigation: Blazor's FocusOnNavigate then focuses the new page's h1, which must not keep an outline.
        await page.GetByRole(AriaRole.Link, new() { Name = "Negotiations", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Negotiations", Level = 1 })).ToBeFocusedAsync();
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await Assertions.Expect(page.Locator(".state").First).ToBeVisibleAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>(BrokenWords));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "provider-negotiations-1280.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "dataspace.storage.filesystem" }).Locator(".health")).ToHaveTextAsync("healthy");
        Assert.Empty(await page.EvaluateAsync<string[]>(BrokenWords));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "provider-dashboard-1280.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "Negotiations", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".state").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".state").First).ToHaveTextAsync("已定约");
        Assert.Empty(await page.EvaluateAsync<string[]>(BrokenWords));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "provider-negotiations-1280-zh.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "仪表板" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "dataspace.storage.filesystem" }).Locator(".health")).ToHaveTextAsync("健康");
        Assert.Empty(await page.EvaluateAsync<string[]>(BrokenWords));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "provider-dashboard-1280-zh.png"), FullPage = true });
    }

    private static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    private static async Task NegotiateAsync(Participants participants)
    {
        var open = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
            ["@type"] = "Set",
            ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
        };
        var provider = participants.Provider.Client;
        await provider.CreateAssetAsync(new AssetInput("air-quality", new JsonObject { ["title"] = "Air quality" }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = "air.csv" })));
        await provider.CreatePolicyAsync(new PolicyInput("open", open));
        var offer = await provider.CreateOfferAsync(new OfferInput("air-quality-offer", "air-quality", "open", "open"));
        var started = await participants.Consumer.Client.StartNegotiationAsync(participants.Provider.Dsp, offer.Id);
        using var cts = new CancellationTokenSource(Wait);
        var ended = await participants.Consumer.Client.WaitForNegotiationAsync(started.Id, cancellationToken: cts.Token);
        Assert.Equal(NegotiationStates.Finalized, ended.State);
    }
}
