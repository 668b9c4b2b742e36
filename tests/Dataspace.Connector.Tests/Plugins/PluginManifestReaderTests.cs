using System.Text;
using Dataspace.Connector.Plugins;

namespace Dataspace.Connector.Tests.Plugins;

public sealed class PluginManifestReaderTests
{
    private const string Valid = """{"id":"acme.source","version":"1.2.3","kinds":["transport"],"sdkVersion":"[1.0,2.0)"}""";

    [Fact]
    public void Parse_MinimalManifest_AppliesDefaults()
    {
        var manifest = PluginManifestReader.Parse(Encoding.UTF8.GetBytes(Valid), "plugin.json", "Acme.Source");

        Assert.Equal("acme.source", manifest.Id);
        Assert.Equal("Acme.Source.dll", manifest.Assembly);
        Assert.Equal("Plugins:acme.source", manifest.ConfigurationSection);
        Assert.Equal(["transport"], manifest.Kinds);
    }

    [Theory]
    [InlineData("{", "is not valid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"version":"1.0.0","kinds":["transport"],"sdkVersion":"1.0"}""", "missing required property 'id'")]
    [InlineData("""{"id":"a","kinds":["transport"],"sdkVersion":"1.0"}""", "missing required property 'version'")]
    [InlineData("""{"id":"a","version":"1.0.0","sdkVersion":"1.0"}""", "missing required property 'kinds'")]
    [InlineData("""{"id":"a","version":"1.0.0","kinds":["transport"]}""", "missing required property 'sdkVersion'")]
    [InlineData("""{"id":"a","version":"one","kinds":["transport"],"sdkVersion":"1.0"}""", "'version' 'one' is not a semantic version")]
    [InlineData("""{"id":"a","version":"1.0.0","kinds":[],"sdkVersion":"1.0"}""", "'kinds' must be a non-empty array")]
    [InlineData("""{"id":"a","version":"1.0.0","kinds":["teleport"],"sdkVersion":"1.0"}""", "unknown plugin kind 'teleport'")]
    [InlineData("""{"id":"a","version":"1.0.0","kinds":["transport"],"sdkVersion":"soon"}""", "'sdkVersion' 'soon' is not a version range")]
    [InlineData("""{"id":"../x","version":"1.0.0","kinds":["transport"],"sdkVersion":"1.0"}""", "'id' '../x' must be")]
    [InlineData("""{"id":"a","version":"1.0.0","kinds":["transport"],"sdkVersion":"1.0","assembly":"../evil.dll"}""", "'assembly' '../evil.dll' must be a .dll file name")]
    [InlineData("""{"id":7,"version":"1.0.0","kinds":["transport"],"sdkVersion":"1.0"}""", "'id' must be a non-empty string")]
    public void Parse_Invalid_SaysWhatIsWrong(string json, string expected)
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginManifestReader.Parse(Encoding.UTF8.GetBytes(json), "plugin.json", "X"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
