using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Reports;

namespace Dataspace.Conformance.Tests.Reports;

public sealed class ConformanceReportJsonTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("conformance-report-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Report_HasTheDocumentedFieldNames()
    {
        var json = ConformanceReportJson.Create(SampleRuns.Fixed());

        Assert.Equal(
            ["reportFormat", "suiteVersion", "target", "profiles", "startedAt", "durationMs", "passed", "summary", "checks"],
            json.Select(p => p.Key));
        Assert.Equal("dataspace-conformance-report/1", (string)json["reportFormat"]!);
        Assert.Equal("2026-11-23T18:00:00.000Z", (string)json["startedAt"]!);
        Assert.Equal(1234.6, (double)json["durationMs"]!);
        Assert.False((bool)json["passed"]!);
        Assert.Equal("""{"total":2,"passed":1,"failed":1,"error":0}""", json["summary"]!.ToJsonString());
        var check = json["checks"]![0]!.AsObject();
        Assert.Equal(["id", "name", "profile", "verifies", "outcome", "reason", "durationMs", "exchanges"], check.Select(p => p.Key));
        Assert.Equal("failed", (string)check["outcome"]!);
        Assert.Equal(12.3, (double)check["durationMs"]!);
        Assert.Equal(["direction", "method", "url", "status", "requestBody", "responseBody", "at"], check["exchanges"]![0]!.AsObject().Select(p => p.Key));
        Assert.Null(json["checks"]![1]!["reason"]);
    }

    [Fact]
    public void Digest_IsTheSha256OfTheCanonicalForm()
    {
        var json = JsonNode.Parse("""{ "b": [1, {"y": "é", "x": null}], "a": "<&>" }""")!;

        Assert.Equal("""{"a":"<&>","b":[1,{"x":null,"y":"é"}]}""", System.Text.Encoding.UTF8.GetString(ReportDigest.CanonicalBytes(json)));
        Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("""{"a":"<&>","b":[1,{"x":null,"y":"é"}]}"""u8)),
            ReportDigest.Compute(json));
    }

    [Fact]
    public async Task Digest_OfTheWrittenFile_MatchesTheWritersAndSurvivesReformatting()
    {
        var files = await ConformanceReportWriter.WriteAsync(await SampleRuns.MixedAsync(), _temp.FullName, CancellationToken.None);

        Assert.Equal(files.Digest, await ReportDigest.ComputeFromFileAsync(files.Json, CancellationToken.None));

        // Another tool re-saving the report compactly and with members reversed does not change what it certifies.
        var reordered = Reverse(JsonNode.Parse(await File.ReadAllTextAsync(files.Json))!);
        var copy = Path.Combine(_temp.FullName, "copy.json");
        await File.WriteAllTextAsync(copy, reordered.ToJsonString());
        Assert.Equal(files.Digest, await ReportDigest.ComputeFromFileAsync(copy, CancellationToken.None));
    }

    [Fact]
    public async Task Digest_ChangesWhenAnyContentChanges()
    {
        var files = await ConformanceReportWriter.WriteAsync(SampleRuns.Fixed(), _temp.FullName, CancellationToken.None);
        var text = await File.ReadAllTextAsync(files.Json);
        var tampered = Path.Combine(_temp.FullName, "tampered.json");
        await File.WriteAllTextAsync(tampered, text.Replace("\"outcome\": \"failed\"", "\"outcome\": \"passed\"", StringComparison.Ordinal));

        Assert.NotEqual(text, await File.ReadAllTextAsync(tampered));
        Assert.NotEqual(files.Digest, await ReportDigest.ComputeFromFileAsync(tampered, CancellationToken.None));
        Assert.NotEqual(ConformanceReportWriter.Digest(SampleRuns.Fixed()), ConformanceReportWriter.Digest(SampleRuns.Fixed("expected 201, got 202")));
        Assert.Equal(ConformanceReportWriter.Digest(SampleRuns.Fixed()), ConformanceReportWriter.Digest(SampleRuns.Fixed()));
    }

    [Fact]
    public async Task ComputeFromFile_RefusesAFileThatIsNotAReport()
    {
        var path = Path.Combine(_temp.FullName, "other.json");
        await File.WriteAllTextAsync(path, """{"checks":[]}""");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportDigest.ComputeFromFileAsync(path, CancellationToken.None));
        Assert.Contains("not a conformance JSON report", error.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, """{"reportFormat":"dataspace-conformance-report/1","passed":false,"passed":true}""");
        error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportDigest.ComputeFromFileAsync(path, CancellationToken.None));
        Assert.Contains("passed", error.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, "<html/>");
        error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportDigest.ComputeFromFileAsync(path, CancellationToken.None));
        Assert.Contains("is not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WritesTheThreeReportsAndLeavesNoTemporaryFiles()
    {
        var folder = Path.Combine(_temp.FullName, "nested", "reports");
        var files = await ConformanceReportWriter.WriteAsync(SampleRuns.Fixed(), folder, CancellationToken.None);

        Assert.Equal(
            [ConformanceReportWriter.HtmlFileName, ConformanceReportWriter.JsonFileName, ConformanceReportWriter.JUnitFileName],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(files.Json));
        Assert.Equal("CN:01-01", json.RootElement.GetProperty("checks")[0].GetProperty("id").GetString());
    }

    private static JsonNode Reverse(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Reverse(p.Value.DeepClone())))),
        JsonArray array => new JsonArray([.. array.Select(i => i is null ? null : Reverse(i.DeepClone()))]),
        _ => node.DeepClone(),
    };
}
