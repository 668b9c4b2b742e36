using System.Text;
using Microsoft.Playwright;

namespace Dataspace.Portal.Tests.Browser;

/// <summary>
/// The end-to-end flow in headless chromium against real connectors: a provider's operator creates an asset, a
/// policy from a template and an offer in the portal its connector serves; the consumer's operator, in a standalone portal,
/// browses the provider's catalog, negotiates, starts a pull transfer and downloads the data. Screenshots of each main page
/// go to <c>screenshots/</c> in the test output.
/// </summary>
public sealed class PortalEndToEndTests
{
    private const string Csv = "station,date,pm25\nCentre,2026-11-01,12.4\nHarbour,2026-11-01,9.8\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    [BrowserFact]
    public async Task ProviderPublishes_ConsumerNegotiatesTransfersAndDownloads_InTheBrowser()
    {
        await using var participants = await Participants.StartAsync();
        Directory.CreateDirectory(participants.Provider.Files);
        await File.WriteAllTextAsync(Path.Combine(participants.Provider.Files, "air.csv"), Csv);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);

        // Provider: sign in, publish an asset, a policy from a template, an open access policy from the editor, an offer.
        await using var providerContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var provider = await providerContext.NewPageAsync();
        provider.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        await SignInAsync(provider, participants.ProviderPortal, participants.Provider.ApiKey);
        await Expect(provider.GetByTestId("participant-id")).ToHaveTextAsync(Participants.ProviderId);
        await ShotAsync(provider, "provider-dashboard");

        await provider.GetByRole(AriaRole.Link, new() { Name = "Assets", Exact = true }).ClickAsync();
        await provider.GetByLabel("Id", new() { Exact = true }).FillAsync("air-quality");
        await provider.GetByLabel("Title", new() { Exact = true }).FillAsync("Air quality");
        await provider.GetByLabel("path", new() { Exact = true }).FillAsync("air.csv");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Create asset" }).ClickAsync();
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("Asset air-quality created.");
        await ShotAsync(provider, "provider-assets");

        // Choosing a template renders its generated form: proof that the page is interactive (the circuit answers clicks).
        await provider.GetByRole(AriaRole.Link, new() { Name = "Policies", Exact = true }).ClickAsync();
        await provider.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync("max-uses");
        await provider.GetByLabel("maxUses *").FillAsync("5");
        await provider.GetByLabel("Id of the policy made from the template").FillAsync("at-most-5");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Create policy from template" }).ClickAsync();
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("Policy at-most-5 created.");

        var editor = provider.GetByLabel("ODRL policy (JSON-LD)");
        await editor.FillAsync("{\"@type\": \"Set\",, }");
        await Expect(provider.GetByTestId("odrl-syntax-error")).ToContainTextAsync("Line 1, column");
        await editor.FillAsync("""{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use"}]}""");
        await Expect(provider.GetByTestId("odrl-syntax-error")).ToHaveCountAsync(0);
        await provider.GetByLabel("Id of the edited policy").FillAsync("open-access");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("Policy open-access created.");
        await ShotAsync(provider, "provider-policies");

        await provider.GetByRole(AriaRole.Link, new() { Name = "Offers", Exact = true }).ClickAsync();
        await provider.GetByLabel("Offer id").FillAsync("air-quality-offer");
        await provider.Locator("#offer-asset").SelectOptionAsync("air-quality");
        await provider.GetByLabel("Access policy").SelectOptionAsync("open-access");
        await provider.GetByLabel("Contract policy").SelectOptionAsync("at-most-5");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Publish offer" }).ClickAsync();
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("Offer air-quality-offer published.");
        await ShotAsync(provider, "provider-offers");

        // Consumer, in the standalone portal: browse the provider's catalog, negotiate, transfer, download.
        await using var consumerContext = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consumer = await consumerContext.NewPageAsync();
        consumer.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        await SignInAsync(consumer, participants.ConsumerPortal, participants.Consumer.ApiKey);
        await Expect(consumer.GetByTestId("participant-id")).ToHaveTextAsync(Participants.ConsumerId);

        await consumer.GetByRole(AriaRole.Link, new() { Name = "Catalog browser" }).ClickAsync();
        await consumer.GetByLabel("Connector DSP URL or DID").FillAsync(participants.Provider.Dsp);
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Fetch catalog" }).ClickAsync();
        await Expect(consumer.GetByRole(AriaRole.Cell, new() { Name = "Air quality", Exact = true })).ToBeVisibleAsync();
        await ShotAsync(consumer, "consumer-catalog");
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Negotiate offer air-quality-offer" }).ClickAsync();

        await Expect(consumer.GetByTestId("negotiation-state")).ToHaveTextAsync("FINALIZED");
        await Expect(consumer.Locator(".timeline")).ToContainTextAsync("ContractAgreementMessage");
        await ShotAsync(consumer, "consumer-negotiation");

        await consumer.GetByRole(AriaRole.Link, new() { Name = "Agreements", Exact = true }).ClickAsync();
        await Expect(consumer.GetByRole(AriaRole.Cell, new() { Name = "air-quality", Exact = true })).ToBeVisibleAsync();
        await ShotAsync(consumer, "consumer-agreements");
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Start a pull transfer under agreement" }).First.ClickAsync();
        await Expect(consumer.GetByTestId("transfer-state")).ToHaveTextAsync("STARTED");
        await ShotAsync(consumer, "consumer-transfers");

        var download = await consumer.RunAndWaitForDownloadAsync(() => consumer.GetByRole(AriaRole.Link, new() { Name = "Download data" }).ClickAsync());
        var saved = Path.Combine(Screenshots, "downloaded-air.csv");
        await download.SaveAsAsync(saved);
        Assert.Equal(Csv, await File.ReadAllTextAsync(saved, Encoding.UTF8));

        // The provider's dashboard now counts what happened.
        await provider.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(provider.GetByTestId("count-negotiations")).ToHaveTextAsync("1");
        await Expect(provider.GetByTestId("count-transfers")).ToHaveTextAsync("1");
        await ShotAsync(provider, "provider-dashboard-after");
        await consumer.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(consumer.GetByTestId("count-agreements")).ToHaveTextAsync("1");
        await ShotAsync(consumer, "consumer-dashboard");
    }

    [BrowserFact]
    public async Task EveryPage_WithoutSignIn_LeadsToTheSignInPage_AndAWrongKeyShowsTheConnectorsReason()
    {
        await using var participants = await Participants.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout((float)Wait.TotalMilliseconds);

        foreach (var path in new[] { "", "assets", "policies", "offers", "catalog", "negotiations", "agreements", "transfers", "wallet", "simulator" })
        {
            await page.GotoAsync(participants.ProviderPortal + path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the connector" })).ToBeVisibleAsync();
        }

        var download = await page.APIRequest.GetAsync(participants.ProviderPortal + "transfers/x/data", new() { MaxRedirects = 0 });
        Assert.Equal(302, download.Status);

        // Portal:Enabled=false: the consumer's connector serves no portal (its operator uses the standalone one).
        var disabled = await page.APIRequest.GetAsync(participants.Consumer.Address + "/portal/login", new() { MaxRedirects = 0 });
        Assert.Equal(404, disabled.Status);

        await page.GetByLabel("Management API key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The connector refused the key");
        Assert.DoesNotContain(participants.Provider.ApiKey, await page.ContentAsync(), StringComparison.Ordinal);

        // Signing in returns to the page that asked for it (the last one visited), then the navigation works.
        await page.GetByLabel("Management API key").FillAsync(participants.Provider.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Policy simulator" })).ToBeVisibleAsync();
        Assert.EndsWith("/portal/simulator", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(participants.Provider.ApiKey, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // The language switch is remembered and translates the navigation.
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表板" })).ToBeVisibleAsync();
        await ShotAsync(page, "provider-dashboard-zh");
    }

    [BrowserFact]
    public async Task PolicySimulator_PermitsWithinTheTemplatesLimit_AndDeniesBeyondIt_WithTheExplanation()
    {
        await using var participants = await Participants.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        await SignInAsync(page, participants.ProviderPortal, participants.Provider.ApiKey);

        await page.GetByRole(AriaRole.Link, new() { Name = "Policies", Exact = true }).ClickAsync();
        await page.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync("max-uses");
        await page.GetByLabel("maxUses *").FillAsync("2");
        await page.GetByLabel("Id of the policy made from the template").FillAsync("two-uses");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create policy from template" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Policy two-uses created.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Simulate" }).ClickAsync();
        await Expect(page.GetByLabel("Policy", new() { Exact = true })).ToHaveValueAsync("two-uses");
        await page.GetByLabel("Uses so far").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.GetByTestId("decision")).ToHaveTextAsync("permit");

        await page.GetByLabel("Uses so far").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.GetByTestId("decision")).ToHaveTextAsync("deny");
        await Expect(page.Locator(".tree")).ToContainTextAsync("count");
        await ShotAsync(page, "provider-simulator");

        // Without a DCP identity the wallet says why it is empty.
        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Expect(page.GetByText("no decentralised identity (DCP) configured")).ToBeVisibleAsync();

        // A refused call shows the connector's own reason.
        await page.GetByRole(AriaRole.Link, new() { Name = "Assets", Exact = true }).ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("bad/id");
        await page.GetByLabel("path", new() { Exact = true }).FillAsync("x.csv");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create asset" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("400");
        var reason = await page.GetByRole(AriaRole.Alert).TextContentAsync();
        var direct = await Assert.ThrowsAsync<Dataspace.Connector.Client.ManagementApiException>(() =>
            participants.Provider.Client.CreateAssetAsync(new("bad/id", null, new("FileSystem", new Dictionary<string, string> { ["path"] = "x.csv" }))));
        Assert.Contains(direct.Detail, reason, StringComparison.Ordinal);
    }

    internal static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assertions.SetDefaultExpectTimeout((float)Wait.TotalMilliseconds);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    private static async Task SignInAsync(IPage page, string portal, string apiKey)
    {
        await page.GotoAsync(portal);
        await page.GetByLabel("Management API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
