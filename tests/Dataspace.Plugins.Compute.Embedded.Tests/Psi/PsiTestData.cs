using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

/// <summary>Builders for PSI tasks between a bank (receiver) and a telecom operator (sender).</summary>
internal static class PsiTestData
{
    public const string Receiver = "did:web:bank.example";
    public const string Sender = "did:web:telco.example";

    public static readonly ComputeParty ReceiverParty = new(Receiver, EcdhPsiComponent.ReceiverRole);
    public static readonly ComputeParty SenderParty = new(Sender, EcdhPsiComponent.SenderRole);

    /// <summary>Keys <c>prefix-from</c> .. <c>prefix-(to-1)</c>.</summary>
    public static List<string> Keys(int from, int to, string prefix = "id") => [.. Enumerable.Range(from, to - from).Select(i => $"{prefix}-{i}")];

    public static InMemoryComputeInput Input(IReadOnlyList<string> keys)
        => new(["customer_id", "score"], [.. keys.Select((k, i) => new[] { k, i.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

    public static Dictionary<string, JsonElement> Attributes(string mode = "intersection", string receivers = "receiver", int batchSize = 4096, string key = "customer_id")
        => new()
        {
            ["mode"] = JsonSerializer.SerializeToElement(mode),
            ["receivers"] = JsonSerializer.SerializeToElement(receivers),
            ["batch_size"] = JsonSerializer.SerializeToElement(batchSize),
            ["key"] = JsonSerializer.SerializeToElement(key),
        };

    /// <summary>A release policy: receiver gets <paramref name="receiverKinds"/>, sender <paramref name="senderKinds"/>.</summary>
    public static ReleasePolicy Release(string[] receiverKinds, string[]? senderKinds = null)
        => new(new Dictionary<string, IReadOnlySet<string>>
        {
            [Receiver] = new HashSet<string>(receiverKinds),
            [Sender] = new HashSet<string>(senderKinds ?? []),
        });

    public static async Task<(ComponentHarness.PartyOutcome Receiver, ComponentHarness.PartyOutcome Sender)> RunAsync(
        IReadOnlyList<string> receiverKeys,
        IReadOnlyList<string> senderKeys,
        Dictionary<string, JsonElement> attributes,
        ReleasePolicy release,
        InProcessComputeNetwork? network = null,
        EcdhPsiOptions? options = null)
    {
        var outcomes = await ComponentHarness.RunAsync(
            new EcdhPsiComponent(options),
            [
                new ComponentHarness.PartySetup(ReceiverParty, new Dictionary<string, IComputeInput> { ["input"] = Input(receiverKeys) }),
                new ComponentHarness.PartySetup(SenderParty, new Dictionary<string, IComputeInput> { ["input"] = Input(senderKeys) }),
            ],
            attributes,
            release,
            network).WaitAsync(TimeSpan.FromMinutes(2));
        return (outcomes[0], outcomes[1]);
    }

    /// <summary>The keys of a completed intersection table.</summary>
    public static List<string> Table(ComponentHarness.PartyOutcome outcome)
        => outcome.Outputs.Tables.TryGetValue("intersection", out var t) ? [.. t.Rows.Select(r => r[0])] : [];

    public static long Size(ComponentHarness.PartyOutcome outcome) => outcome.Outputs.Values["intersection_size"].Value.GetInt64();
}
