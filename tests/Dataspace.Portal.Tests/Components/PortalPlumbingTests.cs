using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dataspace.Portal.Components.Common;
using Dataspace.Portal.Localization;
using Dataspace.Portal.Session;
using Dataspace.Testing;

namespace Dataspace.Portal.Tests.Components;

public sealed partial class PortalPlumbingTests
{
    [Fact]
    public void EveryTextThePortalShows_HasAChineseTranslation()
    {
        var portal = Path.Combine(RepositoryPaths.Root, "portal", "Dataspace.Portal");
        var used = Directory.EnumerateFiles(portal, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => TextKey().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(used.Count > 150, $"found only {used.Count} texts: the pattern no longer matches how pages use T[...]");
        var untranslated = used.Where(text => PortalTexts.Chinese[text] == text).ToList();
        Assert.True(untranslated.Count == 0, "no Chinese text for: " + string.Join(" | ", untranslated));
    }

    [Fact]
    public void EveryStateKindAndHealthThePortalShowsFromData_HasAChineseTranslation()
    {
        // States, plugin kinds and health come from the connector's answers, not from T["..."] in a page, so the scan above misses them.
        static IEnumerable<string> Constants(Type type) =>
            type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
        var shown = Constants(typeof(Dataspace.Connector.Client.NegotiationStates))
            .Concat(Constants(typeof(Dataspace.Connector.Client.TransferStates)))
            .Concat(Constants(typeof(Dataspace.Sdk.Plugins.PluginKinds)))
            .Concat(Enum.GetNames<Dataspace.Identity.Wallet.WalletCredentialState>())
            .Concat(["healthy", "unhealthy", "unchecked", "failed"])
            .ToHashSet(StringComparer.Ordinal);

        var untranslated = shown.Where(text => PortalTexts.Chinese[text] == text).ToList();

        Assert.True(shown.Count > 20, $"found only {shown.Count} values");
        Assert.True(untranslated.Count == 0, "no Chinese text for: " + string.Join(" | ", untranslated));
    }

    [Theory]
    [InlineData("zh", "仪表板")]
    [InlineData("zh-CN,zh;q=0.9", "仪表板")]
    [InlineData("en", "Dashboard")]
    [InlineData("fr", "Dashboard")]
    [InlineData(null, "Dashboard")]
    public void PortalTexts_ForALanguage_TranslatesOrFallsBackToEnglish(string? language, string dashboard) =>
        Assert.Equal(dashboard, PortalTexts.For(language)["Dashboard"]);

    [Fact]
    public void PortalTexts_UnknownText_IsShownAsItIs() =>
        Assert.Equal("did:web:example", PortalTexts.Chinese["did:web:example"]);

    [Theory]
    [InlineData("http://0.0.0.0:8181", "http://127.0.0.1:8181/")]
    [InlineData("http://[::]:8181", "http://[::1]:8181/")]
    [InlineData("http://+:8181", "http://127.0.0.1:8181/")]
    [InlineData("http://127.0.0.1:40123", "http://127.0.0.1:40123/")]
    public void ConnectorAddress_ListeningEverywhere_IsReachedOnLoopback(string listening, string expected) =>
        Assert.Equal(expected, PortalConnectorAddress.ToLoopback(listening).AbsoluteUri);

    [Theory]
    [InlineData("/portal/assets", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/portal\r\nSet-Cookie: x=1", false)]
    [InlineData("/\u0000", false)]
    [InlineData("/caf\u00e9", false)]
    public void ReturnUrl_OnlyPathsOnThisSite_AreFollowed(string? url, bool local) =>
        Assert.Equal(local, PortalEndpointRouteBuilderExtensions.IsLocal(url));

    [Theory]
    [InlineData("/portal", "/portal")]
    [InlineData("portal/", "/portal")]
    [InlineData("/", "")]
    [InlineData("", "")]
    public void PathBase_IsNormalized(string configured, string normalized) =>
        Assert.Equal(normalized, new PortalOptions { PathBase = configured }.NormalizedPathBase);

    [Fact]
    public void CatalogAddress_FindsTheDspServiceOfADidDocument()
    {
        var document = JsonNode.Parse("""
            {"id":"did:web:provider.example","service":[
              {"id":"#cs","type":"CredentialService","serviceEndpoint":"https://provider.example/cs"},
              {"id":"#dsp","type":"DataService","serviceEndpoint":"https://provider.example/api/dsp"}]}
            """)!.AsObject();

        Assert.Equal("https://provider.example/api/dsp", CatalogAddress.FindDspEndpoint(document));
        Assert.Null(CatalogAddress.FindDspEndpoint(JsonNode.Parse("""{"id":"did:key:z6Mk"}""")!.AsObject()));
    }

    [Fact]
    public void SignInPrincipal_CarriesTheKeyOnlyInItsClaim()
    {
        var user = PortalAuthentication.CreatePrincipal(" secret-key ", "did:web:me");

        Assert.Equal("secret-key", PortalAuthentication.ApiKeyOf(user));
        Assert.Equal("did:web:me", user.Identity!.Name);
        Assert.Null(PortalAuthentication.ApiKeyOf(new System.Security.Claims.ClaimsPrincipal()));
    }

    [GeneratedRegex("""(?:\bT|texts|PortalTexts\.For\([^)]*\))(?:\[|\.Format\()"((?:[^"\\]|\\.)*)"\s*[\],]""")]
    private static partial Regex TextKey();
}
