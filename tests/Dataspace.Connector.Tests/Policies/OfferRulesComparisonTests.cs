using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Policies;
using Dataspace.Dsp;

namespace Dataspace.Connector.Tests.Policies;

/// <summary>
/// Offers and agreements compare by meaning: generated JSON-LD forms of the same ODRL rules (empty arrays, single values,
/// prefixed or full IRIs, node references, other orders) read as the same rules; generated real differences do not.
/// </summary>
public sealed class OfferRulesComparisonTests
{
    private const string Odrl = "http://www.w3.org/ns/odrl/2/";
    private static readonly DspSerializer Serializer = new();

    /// <summary>Our offer: one permission with two constraints, one prohibition, a duty on the permission.</summary>
    private static JsonObject Offer() => new()
    {
        ["@id"] = "offer-1",
        ["target"] = "data",
        ["permission"] = new JsonArray(new JsonObject
        {
            ["action"] = "use",
            ["constraint"] = new JsonArray(
                new JsonObject { ["leftOperand"] = "purpose", ["operator"] = "eq", ["rightOperand"] = "research" },
                new JsonObject { ["leftOperand"] = "dateTime", ["operator"] = "lteq", ["rightOperand"] = "2030-01-01T00:00:00Z" }),
            ["duty"] = new JsonArray(new JsonObject { ["action"] = "delete" }),
        }),
        ["prohibition"] = new JsonArray(new JsonObject { ["action"] = "distribute" }),
    };

    [Fact]
    public async Task GeneratedEquivalentForms_HaveTheSameRules()
    {
        var ours = await ReadAsync(Offer());
        var random = new Random(20261207);
        for (var i = 0; i < 300; i++)
        {
            var form = Offer();
            var applied = new List<string>();
            foreach (var (name, transform) in EquivalentTransforms)
            {
                if (random.Next(2) == 0)
                {
                    transform(form, random);
                    applied.Add(name);
                }
            }

            var theirs = await ReadAsync(form);
            Assert.True(PolicyService.SameRules(ours, theirs), $"form {i} ({string.Join(", ", applied)}) was refused: {form.ToJsonString()}\nours   {OdrlCanonicalForm.Rules(ours)}\ntheirs {OdrlCanonicalForm.Rules(theirs)}");
            Assert.True(PolicyService.SameRules(theirs, ours), $"form {i} compared the other way round was refused: {form.ToJsonString()}\nours   {OdrlCanonicalForm.Rules(ours)}\ntheirs {OdrlCanonicalForm.Rules(theirs)}");
        }
    }

    [Fact]
    public async Task EmptyConstraintArray_IsTheSameAsNoConstraint()
    {
        var open = await ReadAsync(new JsonObject { ["@id"] = "o", ["target"] = "data", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) });
        var withEmpty = await ReadAsync(new JsonObject { ["@id"] = "o", ["target"] = "data", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use", ["constraint"] = new JsonArray() }) });

        Assert.True(PolicyService.SameRules(open, withEmpty));
    }

    [Fact]
    public async Task GeneratedRealDifferences_AreRefused_InWhateverFormTheyCome()
    {
        var ours = await ReadAsync(Offer());
        var random = new Random(7);
        foreach (var (difference, change) in RealDifferences)
        {
            for (var i = 0; i < 20; i++)
            {
                var form = Offer();
                change(form);
                foreach (var (_, transform) in EquivalentTransforms)
                {
                    if (random.Next(2) == 0)
                    {
                        transform(form, random);
                    }
                }

                var theirs = await ReadAsync(form);
                Assert.False(PolicyService.SameRules(ours, theirs), $"{difference} was taken for the same rules: {form.ToJsonString()}");
                Assert.False(PolicyService.SameRules(theirs, ours), $"{difference} compared the other way round was taken for the same rules");
            }
        }
    }

    private static readonly (string Name, Action<JsonObject, Random> Transform)[] EquivalentTransforms =
    [
        ("empty constraint arrays", (offer, _) => ForEachRule(offer, rule => rule.TryAdd("constraint", new JsonArray()))),
        ("empty duty arrays", (offer, _) => ForEachRule(offer, rule => rule.TryAdd("duty", new JsonArray()))),
        ("empty obligation array", (offer, _) => offer.TryAdd("obligation", new JsonArray())),
        ("members reordered", (offer, random) => Reorder(offer, random)),
        ("arrays reordered", (offer, random) => ShuffleArrays(offer, random)),
        ("single values unwrapped", (offer, _) => Unwrap(offer)),
        ("action as node reference", (offer, _) => ForEachRule(offer, rule => rule["action"] = new JsonObject { ["@id"] = Odrl + rule["action"]!.GetValue<string>() })),
        ("odrl: prefixed values", (offer, _) => PrefixValues(offer, "odrl:")),
        ("full IRI values", (offer, _) => PrefixValues(offer, Odrl)),
        ("odrl: prefixed terms", (offer, _) => RenameKeys(offer, "odrl:")),
        ("full IRI terms", (offer, _) => RenameKeys(offer, Odrl)),
        ("rule and constraint types given", (offer, _) => AddTypes(offer)),
    ];

    private static readonly (string Name, Action<JsonObject> Change)[] RealDifferences =
    [
        ("another action", offer => Permission(offer)["action"] = "read"),
        ("another operator", offer => Constraint(offer, 0)["operator"] = "neq"),
        ("another right operand", offer => Constraint(offer, 0)["rightOperand"] = "commerce"),
        ("another left operand", offer => Constraint(offer, 0)["leftOperand"] = "spatial"),
        ("an added constraint", offer => Permission(offer)["constraint"]!.AsArray().Add(new JsonObject { ["leftOperand"] = "spatial", ["operator"] = "eq", ["rightOperand"] = "EU" })),
        ("a removed constraint", offer => Permission(offer)["constraint"]!.AsArray().RemoveAt(1)),
        ("a removed permission", offer => offer["permission"] = new JsonArray()),
        ("an added permission", offer => offer["permission"]!.AsArray().Add(new JsonObject { ["action"] = "read" })),
        ("a removed prohibition", offer => offer.Remove("prohibition")),
        ("a removed duty", offer => Permission(offer).Remove("duty")),
        ("another rule target", offer => Permission(offer)["target"] = "other-data"),
        ("a prohibition made a permission", offer =>
        {
            var prohibition = offer["prohibition"]!.AsArray()[0]!.DeepClone();
            offer.Remove("prohibition");
            offer["permission"]!.AsArray().Add(prohibition);
        }),
    ];

    private static async Task<OdrlPolicy> ReadAsync(JsonObject offer)
    {
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DspContext.Url),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = "urn:uuid:c",
            ["callbackAddress"] = "http://127.0.0.1:9/api/dsp",
            ["offer"] = offer.DeepClone(),
        };
        return (await Serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(message.ToJsonString()))).Offer;
    }

    private static JsonObject Permission(JsonObject offer) => offer["permission"]!.AsArray()[0]!.AsObject();

    private static JsonObject Constraint(JsonObject offer, int index) => Permission(offer)["constraint"]!.AsArray()[index]!.AsObject();

    private static IEnumerable<JsonObject> Rules(JsonObject offer) =>
        new[] { "permission", "prohibition", "obligation" }.SelectMany(k => offer[k] is JsonArray a ? a.OfType<JsonObject>() : offer[k] is JsonObject o ? [o] : [])
            .SelectMany(r => new[] { r }.Concat(r["duty"] is JsonArray d ? d.OfType<JsonObject>() : r["duty"] is JsonObject one ? [one] : []));

    private static void ForEachRule(JsonObject offer, Action<JsonObject> change)
    {
        foreach (var rule in Rules(offer).ToList())
        {
            if (rule["action"] is JsonValue)
            {
                change(rule);
            }
        }
    }

    private static void AddTypes(JsonObject offer)
    {
        foreach (var (key, type) in new[] { ("permission", "Permission"), ("prohibition", "Prohibition") })
        {
            foreach (var rule in offer[key] is JsonArray a ? a.OfType<JsonObject>() : [])
            {
                rule["@type"] = type;
                foreach (var constraint in rule["constraint"] is JsonArray c ? c.OfType<JsonObject>() : [])
                {
                    constraint["@type"] = "Constraint";
                }
            }
        }
    }

    private static void PrefixValues(JsonObject offer, string prefix)
    {
        foreach (var rule in Rules(offer))
        {
            if (rule["action"] is JsonValue action && action.GetValue<string>() is { } name && !name.Contains(':', StringComparison.Ordinal))
            {
                rule["action"] = prefix + name;
            }

            foreach (var constraint in rule["constraint"] is JsonArray c ? c.OfType<JsonObject>() : [])
            {
                foreach (var key in new[] { "leftOperand", "operator" })
                {
                    if (constraint[key] is JsonValue v && v.GetValue<string>() is { } term && !term.Contains(':', StringComparison.Ordinal))
                    {
                        constraint[key] = prefix + term;
                    }
                }
            }
        }
    }

    private static readonly HashSet<string> OdrlTerms = ["permission", "prohibition", "obligation", "action", "constraint", "duty", "leftOperand", "operator", "rightOperand"];

    private static void RenameKeys(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    RenameKeys(value, prefix);
                    if (OdrlTerms.Contains(key))
                    {
                        o.Remove(key);
                        o[prefix + key] = value;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    RenameKeys(item, prefix);
                }

                break;
        }
    }

    private static void Reorder(JsonNode? node, Random random)
    {
        switch (node)
        {
            case JsonObject o:
                var members = o.ToList();
                o.Clear();
                foreach (var (key, value) in members.OrderBy(_ => random.Next()))
                {
                    Reorder(value, random);
                    o[key] = value;
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Reorder(item, random);
                }

                break;
        }
    }

    private static void ShuffleArrays(JsonNode? node, Random random)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o.ToList())
                {
                    ShuffleArrays(value, random);
                }

                break;
            case JsonArray a:
                var items = a.ToList();
                a.Clear();
                foreach (var item in items.OrderBy(_ => random.Next()))
                {
                    ShuffleArrays(item, random);
                    a.Add(item);
                }

                break;
        }
    }

    private static void Unwrap(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return;
        }

        foreach (var (key, value) in o.ToList())
        {
            if (value is JsonArray { Count: 1 } one)
            {
                var item = one[0];
                one.Clear();
                Unwrap(item);
                o[key] = item;
            }
            else if (value is JsonArray many)
            {
                foreach (var item in many)
                {
                    Unwrap(item);
                }
            }
            else
            {
                Unwrap(value);
            }
        }
    }
}
