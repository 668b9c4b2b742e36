using System.Net;
using System.Security.Cryptography;
using Dataspace.Portal.Tests.Browser;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Portal.Tests.Hosting;

/// <summary>A real connector with its portal on loopback: bad redirect targets and the cookie's key ring.</summary>
public sealed class PortalHostingSecurityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dataspace-portal-hosting-").FullName;

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2Fportal%0D%0ASet-Cookie:%20x=1")]
    [InlineData("%2F%00")]
    [InlineData("%2Fcaf%C3%A9")]
    [InlineData("https:%2F%2Fevil.example%2F")]
    public async Task LanguageSwitch_ReturnUrlWithControlCharactersOrElsewhere_RedirectsToThePortalRoot_Not500(string returnUrl)
    {
        await using var connector = await RunningConnector.StartAsync(Path.Combine(_root, "c"), new Dictionary<string, string?>());
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(connector.Address) };

        using var response = await http.GetAsync("/portal/language/en?returnUrl=" + returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task DataProtectionKeys_LiveInTheConnectorsDataFolder_AndAreNotSharedWithAnotherConnector()
    {
        var (first, second) = (Path.Combine(_root, "first"), Path.Combine(_root, "second"));
        string protectedByFirst;
        await using (var connector = await RunningConnector.StartAsync(first, new Dictionary<string, string?>()))
        {
            protectedByFirst = Protector(connector).Protect("portal session");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(first, "data-protection-keys"), "*.xml"));
        await using (var other = await RunningConnector.StartAsync(second, new Dictionary<string, string?>()))
        {
            Assert.ThrowsAny<CryptographicException>(() => Protector(other).Unprotect(protectedByFirst));
        }

        // The same connector restarted still reads what it protected (its ring survived in its own folder).
        await using var restarted = await RunningConnector.StartAsync(first, new Dictionary<string, string?>());
        Assert.Equal("portal session", Protector(restarted).Unprotect(protectedByFirst));
    }

    private static IDataProtector Protector(RunningConnector connector) =>
        connector.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Dataspace.Portal.Tests");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temporary folder is cleaned by the system later.
        }
    }
}
