using System.Text;
using Dataspace.Conformance.Configuration;

namespace Dataspace.Conformance.Tests.Configuration;

public sealed class ConformanceConfigurationFileTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("conformance-config-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Properties_ReadsTheTckSampleShape()
    {
        var values = Properties("""
            # The TCK's sample configuration
            ! a bang comment too
            dataspacetck.dsp.local.connector=false
            dataspacetck.dsp.connector.http.url = http://localhost:8282/api/dsp
            CN_01_01_DATASETID:ACN0101
            CN_01_01_OFFERID   CD123:ACN0101:456
            """);

        Assert.Equal("false", values["dataspacetck.dsp.local.connector"]);
        Assert.Equal("http://localhost:8282/api/dsp", values["dataspacetck.dsp.connector.http.url"]);
        Assert.Equal("ACN0101", values["CN_01_01_DATASETID"]);
        Assert.Equal("CD123:ACN0101:456", values["CN_01_01_OFFERID"]);
        Assert.Equal(4, values.Count);
    }

    [Theory]
    [InlineData(@"key=a\tb", "a\tb")]
    [InlineData(@"key=line\nbreak", "line\nbreak")]
    [InlineData(@"key=\u00e9t\u00E9", "été")]
    [InlineData(@"key=C:\\temp", @"C:\temp")]
    [InlineData(@"key=\#not a comment", "#not a comment")]
    [InlineData(@"key=  leading spaces are dropped, trailing kept  ", "leading spaces are dropped, trailing kept  ")]
    [InlineData("key=", "")]
    [InlineData("key", "")]
    public void Properties_UnescapesValuesAsJavaDoes(string line, string expected) =>
        Assert.Equal(expected, Properties(line)["key"]);

    [Fact]
    public void Properties_EscapedSeparatorsBelongToTheKey()
    {
        var values = Properties(@"a\=b\:c\ d=value");
        Assert.Equal("value", values["a=b:c d"]);
    }

    [Fact]
    public void Properties_JoinsContinuedLinesDroppingTheNextLinesIndentation()
    {
        var values = Properties("list=one, \\\n    two, \\\n    three\nafter=x\nodd=ends in a backslash \\\\\nnext=y");
        Assert.Equal("one, two, three", values["list"]);
        Assert.Equal("x", values["after"]);
        Assert.Equal(@"ends in a backslash \", values["odd"]);
        Assert.Equal("y", values["next"]);
    }

    [Fact]
    public void Properties_LaterDuplicateWins() =>
        Assert.Equal("2", Properties("k=1\r\nk=2\r\n")["k"]);

    [Fact]
    public void Properties_MalformedUnicodeEscape_NamesTheLine()
    {
        var error = Assert.Throws<ConfigurationFileException>(() => Properties("a=1\n# comment\nb=\\u12G4\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("tck.properties, line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("four hexadecimal digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ReadsAFlatObjectKeepingNumbersAndBooleansAsText()
    {
        var values = Json("""{ "dataspacetck.dsp.connector.http.url": "http://127.0.0.1:1/api/dsp", "conformance.timeout.seconds": 30, "dataspacetck.dsp.local.connector": false }""");
        Assert.Equal("http://127.0.0.1:1/api/dsp", values["dataspacetck.dsp.connector.http.url"]);
        Assert.Equal("30", values["conformance.timeout.seconds"]);
        Assert.Equal("false", values["dataspacetck.dsp.local.connector"]);
    }

    [Theory]
    [InlineData("{\n  \"a\": \"1\",\n  \"b\": { \"nested\": true }\n}", 3, "is an object")]
    [InlineData("{\n  \"a\": [1]\n}", 2, "is an array")]
    [InlineData("{\n  \"a\": null\n}", 2, "is null")]
    [InlineData("{\n  \"a\": \"1\",\n\n  \"a\": \"2\"\n}", 4, "given twice")]
    [InlineData("[\"a\"]", 1, "expected one JSON object")]
    [InlineData("{\n  \"a\": \"1\"\n  \"b\": \"2\"\n}", 3, "not valid JSON")]
    public void Json_BadShapes_NameTheLineAndWhatWasExpected(string json, int line, string problem)
    {
        var error = Assert.Throws<ConfigurationFileException>(() => Json(json));
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"tck.json, line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ChoosesTheFormatByExtensionOrContent()
    {
        var properties = Path.Combine(_temp.FullName, "target.properties");
        var json = Path.Combine(_temp.FullName, "target.conf");
        await File.WriteAllTextAsync(properties, "{weird key}=value\n");
        await File.WriteAllTextAsync(json, "\n  {\"CN_01_01_DATASETID\": \"ACN0101\"}");

        // A .properties file is never JSON, even when it starts with a brace; a space ends the key as in Java.
        Assert.Equal("key}=value", (await ConformanceConfigurationFile.LoadAsync(properties, default)).Find("{weird"));
        Assert.Equal("ACN0101", (await ConformanceConfigurationFile.LoadAsync(json, default)).Get("CN_01_01_DATASETID"));
    }

    [Fact]
    public async Task LoadAsync_ReadsLatin1PropertiesAsJavaDoes()
    {
        var path = Path.Combine(_temp.FullName, "latin1.properties");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes("name=caf\u00e9\n"));
        Assert.Equal("café", (await ConformanceConfigurationFile.LoadAsync(path, default)).Get("name"));
    }

    [Fact]
    public async Task LoadAsync_MissingFile_SaysWhichFile()
    {
        var path = Path.Combine(_temp.FullName, "absent.properties");
        var error = await Assert.ThrowsAsync<ConfigurationFileException>(() => ConformanceConfigurationFile.LoadAsync(path, default));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, string> Properties(string text) =>
        ConformanceConfigurationFile.Parse(Encoding.UTF8.GetBytes(text), "tck.properties");

    private static IReadOnlyDictionary<string, string> Json(string text) =>
        ConformanceConfigurationFile.Parse(Encoding.UTF8.GetBytes(text), "tck.json");
}
