using System.Text;
using System.Text.Json.Nodes;
using Dataspace.JsonLd;

namespace Dataspace.Conformance;

/// <summary>The suite's own protocol checks, beyond the TCK: status codes, message schemas, JSON-LD form, process id echo.</summary>
internal static class DspProtocolChecks
{
    private static readonly JsonLdProcessor JsonLd = new();

    /// <summary>Where the DSP 2025-1 context maps message and resource types: its own namespace, DCAT (catalog) and ODRL (policies).</summary>
    private static readonly string[] Vocabularies = [DspVocabulary.Namespace, "http://www.w3.org/ns/dcat#", "http://www.w3.org/ns/odrl/2/"];

    public static IEnumerable<ConformanceCheck> All() =>
    [
        new DspCheck("DSP:01-01", "Initial requests answer 201 Created",
            "A new contract request and a new transfer request are answered 201 Created with the new process (DSP 2025-1 HTTPS binding).",
            async (party, ct) =>
            {
                var configuration = party.Context.Configuration;
                var consumerPid = "urn:uuid:" + Guid.NewGuid();
                await ExpectCreatedAsync(party, "/negotiations/request",
                    DspMessages.ContractRequest(consumerPid, configuration.Get("CN_02_02_OFFERID"), configuration.Get("CN_02_02_DATASETID"), party.CallbackAddress), "ContractNegotiation", ct).ConfigureAwait(false);
                await ExpectCreatedAsync(party, "/transfers/request",
                    DspMessages.TransferRequest("urn:uuid:" + Guid.NewGuid(), configuration.Get("TP_02_05_AGREEMENTID"), configuration.Get("TP_02_05_FORMAT"), party.CallbackAddress), "TransferProcess", ct).ConfigureAwait(false);
            }),
        new DspCheck("DSP:01-02", "Unknown processes answer 404",
            "GET and POST on a negotiation or transfer process id the target never issued answer 404 with the protocol's error message.",
            async (party, ct) =>
            {
                var unknown = "urn:uuid:" + Guid.NewGuid();
                await ExpectNotFoundAsync(party, HttpMethod.Get, $"/negotiations/{unknown}", null, "ContractNegotiationError", ct).ConfigureAwait(false);
                await ExpectNotFoundAsync(party, HttpMethod.Post, $"/negotiations/{unknown}/termination", DspMessages.NegotiationTermination(unknown, "urn:uuid:" + Guid.NewGuid()), "ContractNegotiationError", ct).ConfigureAwait(false);
                await ExpectNotFoundAsync(party, HttpMethod.Get, $"/transfers/{unknown}", null, "TransferError", ct).ConfigureAwait(false);
                await ExpectNotFoundAsync(party, HttpMethod.Post, $"/transfers/{unknown}/completion", DspMessages.Transfer("TransferCompletionMessage", unknown, "urn:uuid:" + Guid.NewGuid()), "TransferError", ct).ConfigureAwait(false);
            }),
        new DspCheck("DSP:02-01", "Every message is valid against the DSP 2025-1 JSON schemas",
            "Every JSON body the target sends (answers, errors and its own messages, as provider and as consumer) names a DSP type and is valid against that type's JSON schema of the specification.",
            async (party, ct) =>
            {
                var messages = await DspTour.RunAsync(party, ct).ConfigureAwait(false);
                DspTour.Require(messages, "each is valid against its DSP 2025-1 JSON schema", SchemaViolations);
            }),
        new DspCheck("DSP:02-02", "Every message expands to DSP 2025-1 IRIs",
            "Expanded with the JSON-LD processor, every message the target sends has its @type in the DSP 2025-1 namespace and no member that expansion drops (an undefined term).",
            async (party, ct) =>
            {
                var messages = await DspTour.RunAsync(party, ct).ConfigureAwait(false);
                var problems = new Dictionary<TargetMessage, List<string>>();
                foreach (var message in messages)
                {
                    problems[message] = await ExpansionViolationsAsync(message, ct).ConfigureAwait(false);
                }

                DspTour.Require(messages, "each expands to DSP 2025-1 IRIs", m => problems[m]);
            }),
        new DspCheck("DSP:02-03", "Every message has its @context as an array with the DSP context",
            "Every JSON-LD message the target sends carries @context as an array whose items include https://w3id.org/dspace/2025/1/context.jsonld.",
            async (party, ct) =>
            {
                var messages = await DspTour.RunAsync(party, ct).ConfigureAwait(false);
                DspTour.Require(messages, "@context is an array including the DSP 2025-1 context", ContextViolations);
            }),
        new DspCheck("DSP:02-04", "Every message echoes both process ids",
            "Every process state and message the target sends about a process carries the providerPid and consumerPid the two sides agreed, unchanged.",
            async (party, ct) =>
            {
                var messages = await DspTour.RunAsync(party, ct).ConfigureAwait(false);
                DspTour.Require(messages, "process ids are echoed unchanged", PidViolations);
            }),
        CallbackOrdering.Check(),
        OdrlForms.Check(),
    ];

    private static async Task ExpectCreatedAsync(DspCounterParty party, string path, JsonObject message, string type, CancellationToken cancellationToken)
    {
        using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
        var (status, text) = await party.SendAsync(HttpMethod.Post, party.ProtocolUrl + path, content, cancellationToken).ConfigureAwait(false);
        Expect.That(status == 201, $"POST {path} answered {status}; a new process must be answered 201 Created. Body: {Expect.Clip(text)}");
        var body = JsonNode.Parse(text) as JsonObject ?? [];
        Expect.Type(body, type, $"the answer to POST {path}");
    }

    private static async Task ExpectNotFoundAsync(DspCounterParty party, HttpMethod method, string path, JsonObject? message, string errorType, CancellationToken cancellationToken)
    {
        using var content = message is null ? null : new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
        var (status, text) = await party.SendAsync(method, party.ProtocolUrl + path, content, cancellationToken).ConfigureAwait(false);
        Expect.That(status == 404, $"{method} {path} (an unknown process) answered {status}; expected 404. Body: {Expect.Clip(text)}");
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        Expect.That(body is not null, $"{method} {path} answered 404 without a {errorType} body: {Expect.Clip(text)}");
        Expect.Type(body, errorType, $"the 404 answer to {method} {path}");
    }

    private static IEnumerable<string> SchemaViolations(TargetMessage message)
    {
        if (DspTour.AsObject(message) is not { } body)
        {
            return [$"the body is not a JSON object: {Expect.Clip(message.Body.ToJsonString(), 200)}"];
        }

        var type = body.ContainsKey("@type") ? Expect.Type(body) : null;
        var schema = DspSchemas.SchemaFor(type, body);
        return schema is null
            ? [$"@type {body["@type"]?.ToJsonString() ?? "(absent)"} is no DSP 2025-1 message type"]
            : DspSchemas.Instance.Validate(schema, body);
    }

    private static async Task<List<string>> ExpansionViolationsAsync(TargetMessage message, CancellationToken cancellationToken)
    {
        if (DspTour.AsObject(message) is not { } body || !body.ContainsKey("@type"))
        {
            return [];
        }

        JsonArray expanded;
        try
        {
            expanded = await JsonLd.ExpandAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonLdException e)
        {
            return [$"JSON-LD expansion fails: {e.Message}"];
        }

        var node = expanded.Count == 1 ? expanded[0] as JsonObject : null;
        if (node is null)
        {
            return [$"expands to {expanded.Count} nodes; expected one"];
        }

        var problems = new List<string>();
        var types = node["@type"] as JsonArray;
        var term = Expect.Type(body);
        var expectedTypes = Vocabularies.Select(v => v + term).ToList();
        if (types is null || !types.Any(t => expectedTypes.Contains(Expect.Text(t) ?? "")))
        {
            problems.Add($"@type {body["@type"]?.ToJsonString()} expands to {types?.ToJsonString() ?? "nothing"}; expected {term} in the DSP, DCAT or ODRL vocabulary");
        }

        // Terms are scoped to their type in the DSP context, so each member is expanded alone beside the message's @type.
        var context = body["@context"];
        foreach (var (name, value) in body)
        {
            if (name.StartsWith('@'))
            {
                continue;
            }

            var single = new JsonObject { ["@context"] = context?.DeepClone(), ["@type"] = body["@type"]?.DeepClone(), [name] = value?.DeepClone() };
            var alone = await JsonLd.ExpandAsync(single, cancellationToken).ConfigureAwait(false);
            var members = alone.Count == 1 && alone[0] is JsonObject expandedMember ? expandedMember.Select(p => p.Key).Where(k => !k.StartsWith('@')).ToList() : [];
            if (members.Count == 0)
            {
                problems.Add($"member '{name}' is not a term of its context and is dropped by expansion");
            }
            else if (!Uri.TryCreate(members[0], UriKind.Absolute, out _))
            {
                problems.Add($"member '{name}' expands to '{members[0]}', not an absolute IRI");
            }
        }

        return problems;
    }

    private static IEnumerable<string> ContextViolations(TargetMessage message)
    {
        if (DspTour.AsObject(message) is not { } body || (!body.ContainsKey("@type") && !body.ContainsKey("@context")))
        {
            return [];
        }

        return body["@context"] switch
        {
            JsonArray array when array.Any(c => Expect.Text(c) == DspVocabulary.Context) => [],
            JsonArray array => [$"@context {array.ToJsonString()} does not include {DspVocabulary.Context}"],
            null => ["has no @context"],
            var other => [$"@context is {Expect.Clip(other.ToJsonString(), 120)}, not an array"],
        };
    }

    private static IEnumerable<string> PidViolations(TargetMessage message)
    {
        if (message.ExpectedPids is not { } expected || DspTour.AsObject(message) is not { } body)
        {
            return [];
        }

        return expected
            .Where(p => p.Value.Length > 0 && Expect.Text(body[p.Key]) != p.Value)
            .Select(p => $"{p.Key} is '{Expect.Text(body[p.Key]) ?? "(absent)"}'; expected '{p.Value}'");
    }
}
