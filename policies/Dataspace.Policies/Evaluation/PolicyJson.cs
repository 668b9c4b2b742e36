using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Evaluation;

/// <summary>Plain JSON for evaluations (decision, reason, compliance report) and for requests, as the CLI and management API use them.</summary>
public static class PolicyJson
{
    /// <summary>Serializes an evaluation: camelCase properties, enums as camelCase strings, nulls omitted.</summary>
    public static string Serialize(PolicyEvaluation evaluation, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var context = indented ? PolicyJsonContext.Indented : PolicyJsonContext.Default;
        return JsonSerializer.Serialize(evaluation, context.PolicyEvaluation);
    }

    /// <summary>Serializes an evaluation to a JSON node.</summary>
    public static JsonNode ToNode(PolicyEvaluation evaluation) =>
        JsonSerializer.SerializeToNode(evaluation, PolicyJsonContext.Default.PolicyEvaluation)!;

    /// <summary>
    /// Reads a request (<c>scope, party {id, claims, collections}, action, target, time, purpose, location, ...</c>) and
    /// overlays an optional state document (<c>usageCount, payments, dutyStates, agreementStart, deliveredAt</c>).
    /// </summary>
    /// <param name="request">The request document.</param>
    /// <param name="state">Usage counters, payments and duty states recorded for the agreement, or null.</param>
    /// <param name="now">The time used when the request states none.</param>
    /// <exception cref="InvalidDataException">The document is malformed; the message names the JSON path.</exception>
    public static PolicyRequest ReadRequest(JsonNode request, JsonNode? state, DateTimeOffset now)
    {
        if (request is not JsonObject r)
        {
            throw new InvalidDataException("$: a policy request must be a JSON object");
        }

        var s = state as JsonObject ?? (state is null ? [] : throw new InvalidDataException("state $: the state must be a JSON object"));
        var party = r["party"] as JsonObject ?? throw new InvalidDataException("$.party: required object with the requesting party's id and claims");
        return new PolicyRequest
        {
            Scope = Scope(r["scope"]),
            Party = new RequestingParty(String(party, "id", "$.party") ?? throw new InvalidDataException("$.party.id: required (the party's DID)"))
            {
                Claims = Claims(party["claims"]),
                Issuers = Issuers(party["issuers"]),
                Collections = Strings(party["collections"], "$.party.collections"),
            },
            Action = String(r, "action", "$") ?? throw new InvalidDataException("$.action: required (an ODRL action such as use or read)"),
            Target = String(r, "target", "$") ?? throw new InvalidDataException("$.target: required (the asset's identifier)"),
            TargetCollections = Strings(r["targetCollections"], "$.targetCollections"),
            Time = Time(r, "time", "$") ?? now,
            Purpose = String(r, "purpose", "$"),
            Location = String(r, "location", "$"),
            Recipient = String(r, "recipient", "$"),
            Industry = String(r, "industry", "$"),
            Event = String(r, "event", "$"),
            Percentage = Number(r, "percentage", "$"),
            GroupSize = (long?)Number(r, "groupSize", "$"),
            UsageCount = (long)(Number(s, "usageCount", "state $") ?? Number(r, "usageCount", "$") ?? 0),
            Payments = Payments(s["payments"] ?? r["payments"]),
            AgreementStart = Time(s, "agreementStart", "state $") ?? Time(r, "agreementStart", "$"),
            DeliveredAt = Time(s, "deliveredAt", "state $") ?? Time(r, "deliveredAt", "$"),
            DutyStates = DutyStates(s["dutyStates"] ?? r["dutyStates"]),
        };
    }

    private static PolicyScope Scope(JsonNode? node)
    {
        if (node is null)
        {
            return PolicyScope.DataAccess;
        }

        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return text is not null && Enum.TryParse<PolicyScope>(text, ignoreCase: true, out var scope) && scope is not PolicyScope.None and not PolicyScope.All
            && Enum.IsDefined(scope)
            ? scope
            : throw new InvalidDataException($"$.scope: '{node.ToJsonString()}' is not a scope; expected catalog, negotiation, transferStart, dataAccess or usage");
    }

    private static FrozenDictionary<string, JsonElement> Claims(JsonNode? node) => node switch
    {
        null => FrozenDictionary<string, JsonElement>.Empty,
        JsonObject claims => claims.ToFrozenDictionary(c => c.Key, c => JsonSerializer.SerializeToElement(c.Value, PolicyJsonContext.Default.JsonNode), StringComparer.Ordinal),
        _ => throw new InvalidDataException("$.party.claims: expected an object keyed by credential type"),
    };

    private static FrozenDictionary<string, string> Issuers(JsonNode? node) => node switch
    {
        null => FrozenDictionary<string, string>.Empty,
        JsonObject issuers when issuers.All(i => i.Value?.GetValueKind() == JsonValueKind.String) =>
            issuers.ToFrozenDictionary(i => i.Key, i => i.Value!.GetValue<string>(), StringComparer.Ordinal),
        _ => throw new InvalidDataException("$.party.issuers: expected an object of credential type to issuer DID"),
    };

    private static string[] Strings(JsonNode? node, string path) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select((item, i) => item?.GetValueKind() == JsonValueKind.String
            ? item.GetValue<string>() : throw new InvalidDataException($"{path}[{i}]: expected a string"))],
        _ => throw new InvalidDataException($"{path}: expected an array of strings"),
    };

    private static Payment[] Payments(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select((item, i) => item is JsonObject payment
            ? new Payment(Number(payment, "amount", $"$.payments[{i}]") ?? throw new InvalidDataException($"$.payments[{i}].amount: required"),
                String(payment, "currency", $"$.payments[{i}]") ?? throw new InvalidDataException($"$.payments[{i}].currency: required"))
            : throw new InvalidDataException($"$.payments[{i}]: expected {{ amount, currency }}"))],
        _ => throw new InvalidDataException("$.payments: expected an array"),
    };

    private static FrozenDictionary<string, DutyState> DutyStates(JsonNode? node) => node switch
    {
        null => FrozenDictionary<string, DutyState>.Empty,
        JsonObject states => states.ToFrozenDictionary(
            state => state.Key.Contains(':', StringComparison.Ordinal) ? state.Key : Odrl.Namespace + state.Key,
            state => state.Value?.GetValueKind() == JsonValueKind.String && Enum.TryParse<DutyState>(state.Value.GetValue<string>(), ignoreCase: true, out var value)
                ? value
                : throw new InvalidDataException($"$.dutyStates.{state.Key}: expected pending, fulfilled, violated or remedied"),
            StringComparer.Ordinal),
        _ => throw new InvalidDataException("$.dutyStates: expected an object of duty uid or action to state"),
    };

    private static string? String(JsonObject node, string name, string path) => node[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new InvalidDataException($"{path}.{name}: expected a string"),
    };

    private static decimal? Number(JsonObject node, string name, string path) => node[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new InvalidDataException($"{path}.{name}: expected a number"),
    };

    private static DateTimeOffset? Time(JsonObject node, string name, string path) => String(node, name, path) switch
    {
        null => null,
        var text when PolicyValue.TryParseDateTime(text, out var time) => time,
        var text => throw new InvalidDataException($"{path}.{name}: '{text}' is not a date-time such as 2026-06-01T12:00:00Z"),
    };
}

/// <summary>Source-generated serialization of evaluations.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter<PolicyScope>), typeof(CamelCaseEnumConverter<RuleKind>), typeof(CamelCaseEnumConverter<ConflictStrategy>)])]
[JsonSerializable(typeof(PolicyEvaluation))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext
{
    public static PolicyJsonContext Indented { get; } = new(new JsonSerializerOptions(CreateOptions())
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // The generated options with the attribute's settings, copied before the context binds them.
    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new CamelCaseEnumConverter<PolicyScope>());
        options.Converters.Add(new CamelCaseEnumConverter<RuleKind>());
        options.Converters.Add(new CamelCaseEnumConverter<ConflictStrategy>());
        return options;
    }
}

/// <summary>Enums as camelCase strings (<c>dataAccess</c>, <c>permission</c>, <c>perm</c>).</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
