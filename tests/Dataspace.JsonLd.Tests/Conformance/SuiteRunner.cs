using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Tests.Conformance;

/// <summary>Runs the tests of one W3C JSON-LD 1.1 manifest (expand, compact or flatten) against the processor.</summary>
internal sealed class SuiteRunner(string suiteFolder)
{
    private readonly SuiteDocumentLoader _loader = new(suiteFolder);

    public sealed record Outcome(string Id, string Name, bool Passed, string? Failure);

    public IReadOnlyList<JsonObject> Tests(string manifest)
    {
        var document = _loader.Load($"{manifest}-manifest.jsonld");
        return document["sequence"]!.AsArray().Select(t => t!.AsObject()).ToList();
    }

    public async Task<Outcome> RunAsync(string manifest, JsonObject test)
    {
        var id = test["@id"]!.GetValue<string>();
        var name = test["name"]?.GetValue<string>() ?? id;
        var types = test["@type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var option = test["option"] as JsonObject;
        var input = test["input"]!.GetValue<string>();
        var inputUrl = SuiteDocumentLoader.BaseUrl + input;
        var options = new JsonLdOptions
        {
            Base = new Uri(option?["base"]?.GetValue<string>() ?? inputUrl),
            // Tests for JSON-LD 1.0 behaviour (specVersion json-ld-1.0) run in json-ld-1.0 processing mode.
            ProcessingMode = option?["processingMode"]?.GetValue<string>()
                ?? (option?["specVersion"]?.GetValue<string>() == JsonLdOptions.JsonLd10 ? JsonLdOptions.JsonLd10 : JsonLdOptions.JsonLd11),
            DocumentLoader = _loader,
            ExpandContext = option?["expandContext"] is { } ec ? _loader.Load(ec.GetValue<string>()) : null,
            CompactArrays = option?["compactArrays"]?.GetValue<bool>() ?? true,
            CompactToRelative = option?["compactToRelative"]?.GetValue<bool>() ?? true,
        };
        var processor = new JsonLdProcessor(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonNode actual;
        try
        {
            var document = _loader.Load(input);
            var context = test["context"] is { } c ? _loader.Load(c.GetValue<string>()) : null;
            actual = manifest switch
            {
                "expand" => await processor.ExpandAsync(document, timeout.Token),
                "compact" => await processor.CompactAsync(document, context!, timeout.Token),
                "flatten" => await processor.FlattenAsync(document, context, timeout.Token),
                _ => throw new ArgumentOutOfRangeException(nameof(manifest), manifest, "unknown manifest"),
            };
        }
        catch (JsonLdException ex)
        {
            if (types.Contains("jld:NegativeEvaluationTest"))
            {
                var expectedCode = test["expectErrorCode"]!.GetValue<string>();
                return ex.Code == expectedCode
                    ? new Outcome(id, name, true, null)
                    : new Outcome(id, name, false, $"expected error \"{expectedCode}\", got \"{ex.Code}\": {ex.Message}");
            }

            return new Outcome(id, name, false, $"unexpected error \"{ex.Code}\": {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new Outcome(id, name, false, $"crash {ex.GetType().Name}: {ex.Message} {ex.StackTrace?.Split('\n').FirstOrDefault()}");
        }

        if (types.Contains("jld:NegativeEvaluationTest"))
        {
            return new Outcome(id, name, false, $"expected error \"{test["expectErrorCode"]}\", got {Trim(actual)}");
        }

        var expected = _loader.Load(test["expect"]!.GetValue<string>());
        return JsonLdComparer.Equivalent(expected, actual)
            ? new Outcome(id, name, true, null)
            : new Outcome(id, name, false, $"expected {Trim(expected)}\n   actual {Trim(actual)}");
    }

    private static string Trim(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 600 ? text[..600] + "..." : text;
    }

}
