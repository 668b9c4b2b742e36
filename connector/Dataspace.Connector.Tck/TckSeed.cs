using System.Text.Json;
using Dataspace.Connector.Negotiation;

namespace Dataspace.Connector.Tck;

/// <summary>
/// The TCK seed file: the fixture datasets the TCK's test cases name, each with one offer, and per dataset the
/// provider's scripted reaction at each negotiation step (absent steps proceed as the engine does).
/// </summary>
public sealed record TckSeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The reaction names a seed file may use, per step.</summary>
    private static readonly Dictionary<string, NegotiationReactionKind> ReactionNames = new(StringComparer.Ordinal)
    {
        ["agree"] = NegotiationReactionKind.Proceed,
        ["finalize"] = NegotiationReactionKind.Proceed,
        ["verify"] = NegotiationReactionKind.Proceed,
        ["accept"] = NegotiationReactionKind.Accept,
        ["offer"] = NegotiationReactionKind.Offer,
        ["wait"] = NegotiationReactionKind.Wait,
        ["terminate"] = NegotiationReactionKind.Terminate,
    };

    /// <summary>Free text for the reader of the file.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    /// <summary>The fixture datasets.</summary>
    public IReadOnlyList<TckDataset> Datasets { get; init; } = [];

    /// <summary>The participant id the TCK acts as (map its Authorization value to it in <c>Connector:Dsp:StaticTokens</c>).</summary>
    public string TckParticipantId { get; init; } = "TCK_PARTICIPANT";

    /// <summary>Pre-agreed contracts between us and the TCK, for its transfer cases (we provide, or with side consumer we consume).</summary>
    public IReadOnlyList<TckAgreement> Agreements { get; init; } = [];

    /// <summary>The transfer script words a seed file may use.</summary>
    public static IReadOnlySet<string> TransferActions { get; } = new HashSet<string>(StringComparer.Ordinal) { "start", "suspend", "complete", "terminate", "wait" };

    /// <summary>The states a consumer transfer script word may wait for, and the actions it may take there.</summary>
    public static IReadOnlyDictionary<string, Transfer.TransferAction> ConsumerTransferWords { get; } = BuildConsumerWords();

    private static Dictionary<string, Transfer.TransferAction> BuildConsumerWords()
    {
        var words = new Dictionary<string, Transfer.TransferAction>(StringComparer.Ordinal);
        foreach (var (state, actions) in new[] { ("requested", new[] { "terminate" }), ("started", new[] { "suspend", "complete", "terminate" }), ("suspended", new[] { "start", "terminate" }) })
        {
            foreach (var action in actions)
            {
                words[$"{state}:{action}"] = action switch
                {
                    "suspend" => Transfer.TransferAction.Suspend,
                    "complete" => Transfer.TransferAction.Complete,
                    "start" => Transfer.TransferAction.Resume,
                    _ => Transfer.TransferAction.Terminate,
                };
            }
        }

        return words;
    }

    /// <summary>Reads and checks a seed file; the error names the file and what was wrong.</summary>
    public static TckSeed Load(string path)
    {
        TckSeed? seed;
        try
        {
            using var stream = File.OpenRead(path);
            seed = JsonSerializer.Deserialize<TckSeed>(stream, Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}' cannot be read: {e.Message}", e);
        }

        if (seed is null)
        {
            throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}' is empty; expected an object with 'datasets'");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var offers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in seed.Datasets)
        {
            if (string.IsNullOrWhiteSpace(dataset.Id) || !ids.Add(dataset.Id) || !offers.Add(dataset.OfferIdOrDefault))
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': dataset '{dataset.Id}' has no id or repeats a dataset or offer id; each must be unique");
            }

            if (dataset.Side is not ("provider" or "consumer"))
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': dataset '{dataset.Id}' has side '{dataset.Side}'; expected provider (ours, stored as an asset) or consumer (the TCK's, negotiated by us)");
            }

            foreach (var (step, reaction) in dataset.Negotiation)
            {
                if (!Enum.TryParse<NegotiationStep>(step, ignoreCase: true, out _) || !ReactionNames.ContainsKey(reaction))
                {
                    throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': dataset '{dataset.Id}' has negotiation step '{step}': '{reaction}'; " +
                        $"expected a step of {string.Join(", ", Enum.GetNames<NegotiationStep>())} and a reaction of {string.Join(", ", ReactionNames.Keys)}");
                }
            }
        }

        var agreementIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agreement in seed.Agreements)
        {
            if (string.IsNullOrWhiteSpace(agreement.Id) || !agreementIds.Add(agreement.Id))
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': agreement '{agreement.Id}' has no id or repeats one; each must be unique");
            }

            if (agreement.Side == "consumer")
            {
                if (string.IsNullOrWhiteSpace(agreement.DatasetId))
                {
                    throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': consumer agreement '{agreement.Id}' has no datasetId; expected the TCK's dataset id");
                }

                if (agreement.Transfer.FirstOrDefault(a => !ConsumerTransferWords.ContainsKey(a)) is { } unknownWord)
                {
                    throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': consumer agreement '{agreement.Id}' has transfer word '{unknownWord}'; expected state:action, one of {string.Join(", ", ConsumerTransferWords.Keys)}");
                }

                continue;
            }

            if (agreement.Side != "provider")
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': agreement '{agreement.Id}' has side '{agreement.Side}'; expected provider (we provide) or consumer (the TCK provides)");
            }

            if (!seed.Datasets.Any(d => d.Id == agreement.DatasetId && d.Side == "provider"))
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': agreement '{agreement.Id}' is for dataset '{agreement.DatasetId}', which is not a provider dataset of the seed");
            }

            if (agreement.Transfer.FirstOrDefault(a => !TransferActions.Contains(a)) is { } unknown)
            {
                throw new InvalidOperationException($"{TckOptions.Section}:SeedFile '{path}': agreement '{agreement.Id}' has transfer action '{unknown}'; expected {string.Join(", ", TransferActions)}");
            }
        }

        return seed;
    }

    /// <summary>The scripted reaction for <paramref name="assetId"/> at <paramref name="step"/>; Proceed when the seed says nothing.</summary>
    public NegotiationReaction ReactionFor(string assetId, NegotiationStep step)
    {
        var dataset = Datasets.FirstOrDefault(d => d.Id == assetId);
        var name = dataset?.Negotiation.FirstOrDefault(r => string.Equals(r.Key, step.ToString(), StringComparison.OrdinalIgnoreCase)).Value;
        return name is null ? NegotiationReaction.Proceed : ReactionNames[name] switch
        {
            NegotiationReactionKind.Offer => NegotiationReaction.Offer,
            NegotiationReactionKind.Accept => NegotiationReaction.Accept,
            NegotiationReactionKind.Wait => NegotiationReaction.Wait,
            NegotiationReactionKind.Terminate => NegotiationReaction.Terminate($"the TCK seed terminates dataset '{assetId}' at the {step} step"),
            _ => NegotiationReaction.Proceed,
        };
    }
}
