using System.CommandLine;
using System.Globalization;
using System.Security.Claims;
using Bunit;
using Dataspace.Cli;
using Dataspace.Connector.Testing;
using Dataspace.Portal.Components.Pages;
using Dataspace.Portal.Session;
using Dataspace.Portal.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Portal.Tests.Components;

/// <summary>
/// The Join and Applications pages against a real authority (<c>dataspace authority serve --approve manual</c> in this
/// process) and real connectors: a participant applies from the portal, the operator decides in the portal.
/// </summary>
public sealed class OperatorPagesTests : IAsyncLifetime, IDisposable
{
    private const string Uscc = "91350100M000100Y43";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("portal-operator-");
    private readonly CancellationTokenSource _stopAuthority = new();
    private Task<int>? _authority;
    private Uri _authorityUrl = null!;
    private string _authorityKeyFile = "";

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Next();
        _authorityUrl = new Uri($"http://127.0.0.1:{port}");
        var data = Path.Combine(_root.FullName, "authority");
        var secret = Path.Combine(_root.FullName, "authority-secret");
        await File.WriteAllTextAsync(secret, "portal-operator-secret");
        var init = CliApplication.BuildRootCommand().Parse(["authority", "init", "--did", $"did:web:127.0.0.1%3A{port}", "--public-url", _authorityUrl.AbsoluteUri, "--data-dir", data, "--secret-file", secret]);
        using var initError = new StringWriter();
        Assert.True(await init.InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = initError }) == 0, initError.ToString());
        var serve = CliApplication.BuildRootCommand().Parse(["authority", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data, "--secret-file", secret, "--allow-http-loopback", "--approve", "manual"]);
        _authority = serve.InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, _stopAuthority.Token);
        _authorityKeyFile = Path.Combine(data, "authority", "management-api-key");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100 && !_authority.IsCompleted; attempt++)
        {
            try
            {
                await http.GetStringAsync(new Uri(_authorityUrl, "/.well-known/did.json"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("the authority did not start");
    }

    public async Task DisposeAsync()
    {
        await _stopAuthority.CancelAsync();
        if (_authority is not null)
        {
            await _authority;
        }
    }

    public void Dispose()
    {
        _stopAuthority.Dispose();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Applications_WithoutAnAuthorityConfigured_SaysWhatToSet()
    {
        await using var connector = await StartConnectorAsync("plain");
        using var context = Context(connector, authority: false);

        var page = context.Render<Applications>();

        Assert.Contains("set Portal:Authority:Url and Portal:Authority:ApiKeyFile", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public async Task JoinFromThePortal_TheOperatorApprovesOneAndRejectsTheOther_EachApplicantSeesTheOutcome()
    {
        await using var provider = await StartConnectorAsync("provider");
        await using var consumer = await StartConnectorAsync("consumer");
        using var providerContext = Context(provider, authority: false);
        using var consumerContext = Context(consumer, authority: false);
        using var operatorContext = Context(provider, authority: true);

        var providerJoin = providerContext.Render<Join>(p => p.Add(c => c.PollInterval, TimeSpan.FromMilliseconds(200)));
        providerJoin.Find("form").Submit();
        Assert.Contains("Fill in the authority URL", providerJoin.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Apply(providerJoin, "Provider Ltd");
        providerJoin.WaitForAssertion(() => Assert.Contains("Waiting for the authority", providerJoin.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal("Applied", providerJoin.Find("li[aria-current=step]").TextContent);

        var consumerJoin = consumerContext.Render<Join>(p => p.Add(c => c.PollInterval, TimeSpan.FromMilliseconds(200)));
        Apply(consumerJoin, "Consumer Ltd");
        consumerJoin.WaitForAssertion(() => Assert.Contains("Waiting for the authority", consumerJoin.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // The operator's page lists both pending applications and approves the provider's.
        var applications = operatorContext.Render<Applications>();
        applications.WaitForAssertion(() => Assert.Equal(2, applications.FindAll("tbody tr").Count), TimeSpan.FromSeconds(10));
        Review(applications, "Provider Ltd");
        applications.WaitForAssertion(() => Assert.Contains("Application of Provider Ltd", applications.Find("#application-title").TextContent, StringComparison.Ordinal));
        Assert.Contains(Uscc, applications.Find("section.card").TextContent, StringComparison.Ordinal);
        applications.FindAll("button").Single(b => b.TextContent == "Approve").Click();
        applications.WaitForAssertion(() => Assert.Contains("Application of Provider Ltd approved", applications.Find("[role=status]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        applications.WaitForAssertion(() => Assert.Single(applications.FindAll("tbody tr")));

        // The provider's page follows the application until the credentials are stored.
        providerJoin.WaitForAssertion(() => Assert.Contains("Joined: the membership credentials are in the wallet.", providerJoin.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Contains(await provider.Client.ListCredentialsAsync(), c => c.Types.Contains("MembershipCredential"));

        // A rejection needs a reason; the applicant's page then shows it.
        Review(applications, "Consumer Ltd");
        applications.WaitForAssertion(() => Assert.Contains("Application of Consumer Ltd", applications.Find("#application-title").TextContent, StringComparison.Ordinal));
        // As in a browser, the form is submitted once the page is no longer busy opening the application (its button is disabled until then).
        applications.WaitForAssertion(() => Assert.False(applications.Find("section.card form button[type=submit]").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
        applications.Find("section.card form").Submit();
        applications.WaitForAssertion(() => Assert.Contains("Give the reason", applications.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        applications.Find("#reject-reason").Change("the registration id belongs to another company");
        applications.Find("section.card form").Submit();
        applications.WaitForAssertion(() => Assert.Contains("Application of Consumer Ltd rejected", applications.Find("[role=status]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        consumerJoin.WaitForAssertion(() => Assert.Equal("the registration id belongs to another company", consumerJoin.Find("dd.rejection").TextContent), TimeSpan.FromSeconds(30));

        // The status filter shows the decided ones.
        applications.Find("#application-status").Change("rejected");
        applications.WaitForAssertion(() => Assert.Contains("Consumer Ltd", Assert.Single(applications.FindAll("tbody tr")).TextContent, StringComparison.Ordinal));
    }

    private void Apply(IRenderedComponent<Join> page, string name)
    {
        page.Find("#join-authority").Change(_authorityUrl.AbsoluteUri);
        page.Find("#join-name").Change(name);
        page.Find("#join-code").Change(Uscc);
        page.Find("#join-contact").Change("Data Office");
        page.Find("#join-email").Change("ops@example.com");
        page.Find("#join-subspaces").Change("finance");
        page.Find("form").Submit();
    }

    private static void Review(IRenderedComponent<Applications> page, string name) =>
        page.FindAll("tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal)).QuerySelector("button")!.Click();

    private BunitContext Context(RunningConnector connector, bool authority)
    {
        var context = new BunitContext();
        context.AddAuthorization().SetAuthorized("operator").SetClaims(new Claim(PortalAuthentication.ApiKeyClaim, connector.ApiKey));
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(Options.Create(new PortalOptions
        {
            Authority = authority ? new PortalAuthorityOptions { Url = _authorityUrl, ApiKeyFile = _authorityKeyFile } : new PortalAuthorityOptions(),
        }));
        context.Services.AddHttpClient(PortalConnection.HttpClientName, http => http.BaseAddress = new Uri(connector.Address));
        context.Services.AddHttpClient(PortalAuthority.HttpClientName, http => http.BaseAddress = _authorityUrl);
        context.Services.AddScoped<PortalConnection>();
        context.Services.AddSingleton<PortalAuthority>();
        return context;
    }

    private Task<RunningConnector> StartConnectorAsync(string name) =>
        RunningConnector.StartAsync(Path.Combine(_root.FullName, name), new Dictionary<string, string?>
        {
            // A fixed port: the connector's did:web names it, and the authority resolves the DID there.
            ["Connector:Port"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
        });
}
