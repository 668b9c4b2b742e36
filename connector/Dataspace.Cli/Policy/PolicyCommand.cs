using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Policies;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Scripting;
using Dataspace.Policies.Templates;

namespace Dataspace.Cli.Policy;

/// <summary><c>dataspace policy templates|new|validate|eval</c>: the policy template library and the ODRL policy engine.</summary>
internal static class PolicyCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("policy", "Create, validate and evaluate ODRL usage policies (templates, compliance reports).");
        command.Subcommands.Add(CreateTemplates());
        command.Subcommands.Add(CreateNew());
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateEval());
        return command;
    }

    private static Command CreateTemplates()
    {
        var json = new Option<bool>("--json") { Description = "Print the templates (with their parameter schemas) as JSON" };
        var command = new Command("templates", "List the policy templates with their parameters.");
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var templates = PolicyTemplateLibrary.BuiltIn.Templates;
            if (result.GetValue(json))
            {
                var array = new JsonArray([.. templates.Select(t => new JsonObject
                {
                    ["id"] = t.Id,
                    ["title"] = new JsonObject { ["en"] = t.Title, ["zh"] = t.TitleZh },
                    ["description"] = new JsonObject { ["en"] = t.Description, ["zh"] = t.DescriptionZh },
                    ["parameters"] = t.ParametersSchema,
                    ["example"] = t.Example,
                })]);
                await output.WriteLineAsync(array.ToJsonString(Indented)).ConfigureAwait(false);
                return 0;
            }

            foreach (var template in templates)
            {
                var parameters = template.ParametersSchema["properties"]!.AsObject().Select(p => $"{p.Key}=<{p.Value!["type"]}>");
                var text = new StringBuilder()
                    .AppendLine($"{template.Id}: {template.Title} / {template.TitleZh}")
                    .AppendLine($"  {template.Description}")
                    .AppendLine($"  {template.DescriptionZh}")
                    .Append($"  parameters: {string.Join(' ', parameters.DefaultIfEmpty("(none)"))}");
                await output.WriteLineAsync(text.ToString()).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateNew()
    {
        var template = new Option<string>("--template") { Description = "The template id (see 'dataspace policy templates')", Required = true };
        var parameters = new Option<string[]>("--param") { Description = "A parameter as key=value (arrays comma-separated); repeat for each", AllowMultipleArgumentsPerToken = true };
        var command = new Command("new", "Print a new ODRL policy (JSON-LD) made from a template.");
        command.Options.Add(template);
        command.Options.Add(parameters);
        command.SetAction(async (result, cancellationToken) =>
        {
            var id = result.GetValue(template)!;
            var found = PolicyTemplateLibrary.BuiltIn.Find(id)
                ?? throw new CliException($"no template '{id}'; known templates: {string.Join(", ", PolicyTemplateLibrary.BuiltIn.Templates.Select(t => t.Id))}");
            var pairs = (result.GetValue(parameters) ?? []).Select(p => p.Split('=', 2) is [var key, var value]
                ? new KeyValuePair<string, string>(key.Trim(), value)
                : throw new CliException($"--param '{p}' is not key=value"));
            JsonObject document;
            try
            {
                document = found.Instantiate(pairs);
            }
            catch (TemplateParameterException e)
            {
                throw new CliException(string.Join("; ", e.Errors));
            }

            // The template's output must itself be a valid policy; check before printing.
            await CompileAsync(document, new PolicyEngine(), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(document.ToJsonString(Indented)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateValidate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The policy as JSON-LD (compacted or expanded)" };
        var functions = FunctionsOption();
        var command = new Command("validate", "Check a policy; print every problem with its JSON path.");
        command.Arguments.Add(file);
        command.Options.Add(functions);
        command.SetAction(async (result, cancellationToken) =>
        {
            var document = await ReadJsonAsync(result.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            var compiled = await CompileAsync(document, CreateEngine(result.GetValue(functions)), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync($"valid: policy {compiled.Policy.Uid} ({compiled.Policy.Type}, " +
                $"{compiled.Policy.Permissions.Count} permission(s), {compiled.Policy.Prohibitions.Count} prohibition(s), {compiled.Policy.Obligations.Count} obligation(s))").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateEval()
    {
        var policy = new Option<FileInfo>("--policy") { Description = "The policy as JSON-LD", Required = true };
        var request = new Option<FileInfo>("--request") { Description = "The request: scope, party {id, claims}, action, target, time, purpose, location, ...", Required = true };
        var state = new Option<FileInfo>("--state") { Description = "Recorded state: usageCount, payments, dutyStates, agreementStart, deliveredAt" };
        var functions = FunctionsOption();
        var command = new Command("eval", "Evaluate a policy for a request; print the decision, the reason and the compliance report as JSON.");
        command.Options.Add(policy);
        command.Options.Add(request);
        command.Options.Add(state);
        command.Options.Add(functions);
        command.SetAction(async (result, cancellationToken) =>
        {
            var engine = CreateEngine(result.GetValue(functions));
            var compiled = await CompileAsync(await ReadJsonAsync(result.GetValue(policy)!, cancellationToken).ConfigureAwait(false), engine, cancellationToken).ConfigureAwait(false);
            var requestDocument = await ReadJsonAsync(result.GetValue(request)!, cancellationToken).ConfigureAwait(false);
            var stateDocument = result.GetValue(state) is { } stateFile ? await ReadJsonAsync(stateFile, cancellationToken).ConfigureAwait(false) : null;
            PolicyRequest parsed;
            try
            {
                parsed = PolicyJson.ReadRequest(requestDocument, stateDocument, DateTimeOffset.UtcNow);
            }
            catch (InvalidDataException e)
            {
                throw new CliException($"invalid request: {e.Message}");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(PolicyJson.Serialize(compiled.Evaluate(parsed))).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Option<DirectoryInfo> FunctionsOption() =>
        new("--functions") { Description = "A directory of JavaScript left-operand functions (*.js with // @leftOperand <IRI>)" };

    private static PolicyEngine CreateEngine(DirectoryInfo? functions)
    {
        if (functions is null)
        {
            return new PolicyEngine();
        }

        if (!functions.Exists)
        {
            throw new CliException($"{functions.FullName} does not exist.");
        }

        try
        {
            return new PolicyEngine(new PolicyEngineOptions { Scripts = ScriptFunctionFiles.LoadDirectory(functions.FullName) });
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new CliException(e.Message);
        }
    }

    private static async Task<CompiledPolicy> CompileAsync(JsonNode document, PolicyEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = await new PolicyDocumentReader().ReadAsync(document, cancellationToken).ConfigureAwait(false);
            return engine.Compile(parsed);
        }
        catch (PolicyValidationException e)
        {
            throw new CliException($"invalid policy: {string.Join("; ", e.Errors)}");
        }
    }

    private static async Task<JsonNode> ReadJsonAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist.");
        }

        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false)
                    ?? throw new CliException($"{file.FullName} is empty.");
            }
            catch (JsonException e)
            {
                throw new CliException("not valid JSON: " + Dataspace.Connector.Host.JsonFileError.Describe(file.FullName, e));
            }
        }
    }
}
