using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// DSP:04-01: the same offer written in each valid JSON-LD form a peer may receive (ODRL's <c>constraint</c> as an
/// array, as a single object, empty or absent; <c>odrl:</c>-prefixed terms; full IRIs) must get the same answer and
/// lead to the same negotiation state. The forms are equal after JSON-LD expansion, so a target that treats them
/// differently reads JSON-LD by its surface shape.
/// </summary>
internal static class OdrlForms
{
    private const string Odrl = "http://www.w3.org/ns/odrl/2/";
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(5);

    /// <summary>One form of the request's offer: a name for reports, the group of forms meaning the same policy, and the offer.</summary>
    internal sealed record Form(string Name, string Group, Func<string, string, JsonObject> Offer);

    private static JsonObject Constraint() => new()
    {
        ["leftOperand"] = "odrl:dateTime",
        ["operator"] = "lteq",
        ["rightOperand"] = "2099-12-31T00:00:00Z",
    };

    private static JsonObject Compact(string offerId, string datasetId, JsonNode? constraint)
    {
        var permission = new JsonObject { ["action"] = "use" };
        if (constraint is not null)
        {
            permission["constraint"] = constraint;
        }

        return new JsonObject { ["@type"] = "Offer", ["@id"] = offerId, ["target"] = datasetId, ["permission"] = new JsonArray(permission) };
    }

    // Prefixed and full-IRI members lose the compact terms' type coercion, so IRIs are written as {"@id": ...} nodes.
    private static JsonObject Expanded(string offerId, string datasetId, string prefix, bool withConstraint)
    {
        var permission = new JsonObject { [prefix + "action"] = new JsonObject { ["@id"] = prefix + "use" } };
        if (withConstraint)
        {
            permission[prefix + "constraint"] = new JsonArray(new JsonObject
            {
                [prefix + "leftOperand"] = new JsonObject { ["@id"] = prefix + "dateTime" },
                [prefix + "operator"] = new JsonObject { ["@id"] = prefix + "lteq" },
                [prefix + "rightOperand"] = "2099-12-31T00:00:00Z",
            });
        }

        return new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = offerId,
            [prefix + "target"] = new JsonObject { ["@id"] = datasetId },
            [prefix + "permission"] = new JsonArray(permission),
        };
    }

    /// <summary>Every form, by group: forms of one group expand to the same policy.</summary>
    internal static IReadOnlyList<Form> All { get; } =
    [
        new("constraint absent", "no constraint", (o, d) => Compact(o, d, null)),
        new("constraint empty array", "no constraint", (o, d) => Compact(o, d, new JsonArray())),
        new("odrl: prefixed terms", "no constraint", (o, d) => Expanded(o, d, "odrl:", withConstraint: false)),
        new("full IRIs", "no constraint", (o, d) => Expanded(o, d, Odrl, withConstraint: false)),
        new("constraint array", "one constraint", (o, d) => Compact(o, d, new JsonArray(Constraint()))),
        new("constraint single object", "one constraint", (o, d) => Compact(o, d, Constraint())),
        new("odrl: prefixed terms with constraint", "one constraint", (o, d) => Expanded(o, d, "odrl:", withConstraint: true)),
        new("full IRIs with constraint", "one constraint", (o, d) => Expanded(o, d, Odrl, withConstraint: true)),
    ];

    public static ConformanceCheck Check() =>
        new DspCheck("DSP:04-01", "Every valid ODRL form of an offer gets the same outcome",
            "Contract requests for offer CN_02_02_OFFERID whose offer is written in each valid JSON-LD form (ODRL constraint as an array, a single object, " +
            "an empty array or absent; odrl:-prefixed terms; full IRIs) get the same answer and negotiation state within each group of equivalent forms; " +
            "the forms without a constraint are answered 201 Created, as the TCK's CN:02-02 request is.",
            RunAsync);

    private static async Task RunAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var configuration = party.Context.Configuration;
        var offerId = configuration.Get("CN_02_02_OFFERID");
        var datasetId = configuration.Get("CN_02_02_DATASETID");
        var outcomes = new List<(Form Form, int Status, string? ProviderPid, string ConsumerPid)>();
        foreach (var form in All)
        {
            var consumerPid = "urn:uuid:" + Guid.NewGuid();
            var message = DspMessages.ContractRequest(consumerPid, offerId, datasetId, party.CallbackAddress);
            message["offer"] = form.Offer(offerId, datasetId);
            using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
            var (status, text) = await party.SendAsync(HttpMethod.Post, party.ProtocolUrl + "/negotiations/request", content, cancellationToken).ConfigureAwait(false);
            Expect.That(status < 500, $"the contract request with its offer in the form '{form.Name}' answered {status}: {Expect.Clip(text, 300)}");
            string? providerPid = null;
            if (status == 201)
            {
                providerPid = Expect.Text((JsonNode.Parse(text) as JsonObject)?["providerPid"]);
                Expect.That(providerPid is not null, $"the 201 answer to the contract request in the form '{form.Name}' has no providerPid: {Expect.Clip(text, 300)}");
            }

            if (form.Group == "no constraint")
            {
                Expect.That(status == 201, $"the contract request with its offer in the form '{form.Name}' answered {status}; the same offer in the TCK's form is accepted with 201. Body: {Expect.Clip(text, 300)}");
            }

            outcomes.Add((form, status, providerPid, consumerPid));
        }

        // A target may decide on a request after answering it: read the states until each group agrees or time is up.
        var deadline = party.Context.TimeProvider.GetUtcNow() + (party.Wait < SettleFor ? party.Wait : SettleFor);
        while (true)
        {
            var seen = new List<(Form Form, string Outcome)>();
            foreach (var (form, status, providerPid, consumerPid) in outcomes)
            {
                seen.Add((form, providerPid is null ? string.Create(CultureInfo.InvariantCulture, $"answered {status}") : "201, state " + await StateAsync(party, providerPid, consumerPid, cancellationToken).ConfigureAwait(false)));
            }

            var differing = seen.GroupBy(s => s.Form.Group).Where(g => g.Select(s => s.Outcome).Distinct(StringComparer.Ordinal).Count() > 1).ToList();
            if (differing.Count == 0)
            {
                return;
            }

            if (party.Context.TimeProvider.GetUtcNow() >= deadline)
            {
                throw new ConformanceException("equivalent forms of one offer got different outcomes: " + string.Join("; ", differing.Select(g =>
                    $"{g.Key}: " + string.Join(", ", g.Select(s => $"'{s.Form.Name}' {s.Outcome}")))));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), party.Context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> StateAsync(DspCounterParty party, string providerPid, string consumerPid, CancellationToken cancellationToken)
    {
        var pids = new Dictionary<string, string>(StringComparer.Ordinal) { ["providerPid"] = providerPid, ["consumerPid"] = consumerPid };
        var (status, body) = await party.GetAsync($"/negotiations/{providerPid}", cancellationToken, pids).ConfigureAwait(false);
        return status == 200 ? Expect.Text(body["state"]) ?? "(none)" : string.Create(CultureInfo.InvariantCulture, $"(GET answered {status})");
    }
}
