using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.JsonLd;
using Dataspace.JsonLd.Loading;

namespace Dataspace.Cli.JsonLd;

/// <summary><c>dataspace jsonld expand|compact|flatten</c>: run the JSON-LD 1.1 algorithms on a file and print the result.</summary>
internal static class JsonLdCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("jsonld", "Expand, compact or flatten a JSON-LD document (contexts: DSP 2025-1, ODRL, VC, DID embedded; no network unless allowed).");
        command.Subcommands.Add(CreateOperation("expand", "Expand FILE: full IRIs, every value an array.", contextRequired: false, contextAllowed: false));
        command.Subcommands.Add(CreateOperation("compact", "Compact FILE with --context.", contextRequired: true, contextAllowed: true));
        command.Subcommands.Add(CreateOperation("flatten", "Flatten FILE into one graph of nodes, compacted with --context if given.", contextRequired: false, contextAllowed: true));
        return command;
    }

    private static Command CreateOperation(string name, string description, bool contextRequired, bool contextAllowed)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The JSON-LD document" };
        var context = new Option<string>("--context") { Description = "The context: a URL (embedded or allowed) or a JSON file", Required = contextRequired };
        var baseIri = new Option<Uri>("--base") { Description = "The base IRI for relative IRIs (none by default)" };
        var allowRemote = new Option<string[]>("--allow-remote") { Description = "URL prefixes from which contexts may be fetched over the network", AllowMultipleArgumentsPerToken = true };
        var command = new Command(name, description);
        command.Arguments.Add(file);
        if (contextAllowed)
        {
            command.Options.Add(context);
        }

        command.Options.Add(baseIri);
        command.Options.Add(allowRemote);
        command.SetAction(async (result, cancellationToken) =>
        {
            var prefixes = result.GetValue(allowRemote) ?? [];
            using var http = prefixes.Length > 0 ? new HttpClient() : null;
            var options = new JsonLdOptions
            {
                Base = result.GetValue(baseIri),
                DocumentLoader = prefixes.Length > 0
                    ? new JsonLdDocumentLoader(JsonLdContextRegistry.CreateDefault(), new RemoteContextOptions { AllowedUrlPrefixes = prefixes }, http)
                    : JsonLdDocumentLoader.Default,
            };
            var processor = new JsonLdProcessor(options);
            try
            {
                var input = await ReadFileAsync(result.GetValue(file)!, options, cancellationToken).ConfigureAwait(false);
                var contextValue = contextAllowed ? result.GetValue(context) : null;
                var contextNode = contextValue is null ? null : await ReadContextAsync(contextValue, options, cancellationToken).ConfigureAwait(false);
                JsonNode output = name switch
                {
                    "expand" => await processor.ExpandAsync(input, cancellationToken).ConfigureAwait(false),
                    "compact" => await processor.CompactAsync(input, contextNode!, cancellationToken).ConfigureAwait(false),
                    _ => await processor.FlattenAsync(input, contextNode, cancellationToken).ConfigureAwait(false),
                };
                await result.InvocationConfiguration.Output.WriteLineAsync(output.ToJsonString(Indented)).ConfigureAwait(false);
                return 0;
            }
            catch (JsonLdException e)
            {
                // The message starts with the JSON-LD error code, e.g. "loading remote context failed: ...".
                throw new CliException(e.Message);
            }
        });
        return command;
    }

    private static async Task<JsonNode> ReadFileAsync(FileInfo file, JsonLdOptions options, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist.");
        }

        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            return await JsonLdDocument.ParseAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode> ReadContextAsync(string value, JsonLdOptions options, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return JsonValue.Create(value);
        }

        return await ReadFileAsync(new FileInfo(value), options, cancellationToken).ConfigureAwait(false);
    }
}
