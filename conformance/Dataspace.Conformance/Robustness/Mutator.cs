using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// Seeded mutations of valid DSP messages: dropped, retyped, emptied, oversized or duplicated members, unknown members,
/// wrong process ids, another message's @type, truncation and deep nesting. The same seed gives the same mutations,
/// so a failure can be replayed.
/// </summary>
internal sealed class Mutator(int seed)
{
#pragma warning disable CA5394 // Replayable test input from a seed, not a secret.
    private readonly Random _random = new(seed);

    private static readonly string[] PidMembers = ["providerPid", "consumerPid"];

    private static readonly string[] DspTypes =
    [
        "ContractRequestMessage", "ContractOfferMessage", "ContractAgreementMessage", "ContractAgreementVerificationMessage",
        "ContractNegotiationEventMessage", "ContractNegotiationTerminationMessage", "TransferRequestMessage", "TransferStartMessage",
        "TransferCompletionMessage", "TransferSuspensionMessage", "TransferTerminationMessage", "CatalogRequestMessage", "Offer", "",
    ];

    /// <summary>One mutation of <paramref name="message"/>: its text and a short description of what was done.</summary>
    public (string Body, string What) Mutate(JsonObject message)
    {
        var copy = (JsonObject)message.DeepClone();
        var keys = copy.Select(p => p.Key).ToList();
        var key = keys[_random.Next(keys.Count)];
        switch (_random.Next(12))
        {
            case 0:
                copy.Remove(key);
                return (copy.ToJsonString(), $"dropped '{key}'");
            case 1:
                copy[key] = RandomValue();
                return (copy.ToJsonString(), $"'{key}' set to {Expect.Clip(copy[key]?.ToJsonString() ?? "null", 60)}");
            case 2:
                copy[key] = null;
                return (copy.ToJsonString(), $"'{key}' set to null");
            case 3:
                copy[key] = new string('x', 100_000 + _random.Next(100_000));
                return (copy.ToJsonString(), $"'{key}' set to a huge string");
            case 4:
                copy["@type"] = DspTypes[_random.Next(DspTypes.Length)];
                return (copy.ToJsonString(), $"@type changed to '{copy["@type"]}'");
            case 5:
                foreach (var pid in PidMembers.Where(copy.ContainsKey))
                {
                    copy[pid] = _random.Next(2) == 0 ? "urn:uuid:" + Guid.NewGuid() : "";
                }

                return (copy.ToJsonString(), "process ids replaced");
            case 6:
                var text = copy.ToJsonString();
                var cut = _random.Next(1, text.Length - 1);
                return (text[..cut], string.Create(CultureInfo.InvariantCulture, $"truncated at {cut} of {text.Length}"));
            case 7:
                var depth = 200 + _random.Next(2000);
                return ($"{{\"@context\":[\"{DspVocabulary.Context}\"],\"@type\":\"{Expect.Type(copy)}\",\"{key}\":{new string('[', depth)}{new string(']', depth)}}}",
                    string.Create(CultureInfo.InvariantCulture, $"'{key}' nested {depth} arrays deep"));
            case 8:
                // A member given twice: System.Text.Json keeps one, so the duplicate is written into the text.
                var body = copy.ToJsonString();
                return (body.Insert(1, $"\"{key}\":{RandomValue().ToJsonString()},"), $"'{key}' given twice");
            case 9:
                copy["unknownMember" + _random.Next(1000)] = RandomValue();
                copy.Remove(keys[_random.Next(keys.Count)]);
                return (copy.ToJsonString(), "an unknown member added and a member dropped");
            case 10:
                copy["@context"] = _random.Next(3) switch
                {
                    0 => "https://example.org/not-the-dsp-context",
                    1 => new JsonArray(),
                    _ => new JsonObject { ["@vocab"] = "https://example.org/" },
                };
                return (copy.ToJsonString(), $"@context replaced by {copy["@context"]!.ToJsonString()}");
            default:
                var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
                for (var i = 0; i < 1 + _random.Next(5); i++)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }

                return (Encoding.UTF8.GetString(bytes), "random bytes flipped");
        }
    }

    private JsonNode RandomValue() => _random.Next(7) switch
    {
        0 => JsonValue.Create(_random.Next()),
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1)),
        3 => new JsonObject { ["@id"] = "urn:x:" + _random.Next() },
        4 => JsonValue.Create(""),
        5 => JsonValue.Create(-1.5e300),
        _ => JsonValue.Create("\u0000\uFFFD\u202E" + _random.Next()),
    };
#pragma warning restore CA5394
}
