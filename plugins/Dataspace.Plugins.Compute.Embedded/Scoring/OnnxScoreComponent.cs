using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Scoring;

/// <summary>
/// <c>ml/score:1</c>: the <c>model_owner</c> sends an ONNX model to the <c>data_holder</c>, which runs it next to its
/// data only when the model's SHA-256 digest is one the agreement approves, and releases to the model owner only the
/// whitelisted output columns (<c>score</c>) or, in aggregate mode, the mean score and the count above a threshold
/// (<c>aggregate</c>). See docs/compute/ml-score.md.
/// </summary>
internal sealed partial class OnnxScoreComponent : IComputeComponent
{
    public const string RoleModelOwner = "model_owner";
    public const string RoleDataHolder = "data_holder";

    /// <summary>The name of the model owner's blob input holding the ONNX model.</summary>
    public const string ModelBlob = "model";

    /// <summary>The name of the released score table at the model owner.</summary>
    public const string ScoresOutput = "scores";

    /// <summary>The name of the released aggregate at the model owner.</summary>
    public const string SummaryOutput = "score_summary";

    private static readonly ComponentDescriptor Described = new(
        Roles: [RoleModelOwner, RoleDataHolder],
        Attributes:
        [
            new ComponentParameter("mode", "string", Default: JsonSerializer.SerializeToElement(ScoreSettings.ModeRows), AllowedValues: [ScoreSettings.ModeRows, ScoreSettings.ModeAggregate]),
            new ComponentParameter("feature_columns", "string[]", Required: true),
            new ComponentParameter("output_columns", "string[]", Required: true),
            new ComponentParameter("key_column", "string"),
            new ComponentParameter("threshold", "number", Default: JsonSerializer.SerializeToElement(0.5)),
            new ComponentParameter("batch_size", "integer", Default: JsonSerializer.SerializeToElement(ScoreSettings.DefaultBatchSize)),
            new ComponentParameter("max_model_bytes", "integer", Default: JsonSerializer.SerializeToElement(ScoreSettings.DefaultMaxModelBytes)),
        ],
        Releases: [ReleaseKinds.Score, ReleaseKinds.Aggregate]);

    /// <inheritdoc/>
    public string Name => ComputeComponents.OnnxScore;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor => Described;

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Parties.Count != 2
            || context.Parties.Count(p => p.Role == RoleModelOwner) != 1
            || context.Parties.Count(p => p.Role == RoleDataHolder) != 1)
            return ComponentResult.Failure($"ml/score:1 needs exactly one '{RoleModelOwner}' and one '{RoleDataHolder}'.");
        var owner = context.Parties.First(p => p.Role == RoleModelOwner).ParticipantId;
        var holder = context.Parties.First(p => p.Role == RoleDataHolder).ParticipantId;
        if (owner == holder) return ComponentResult.Failure("The model owner and the data holder must be different participants.");
        return context.Role switch
        {
            RoleModelOwner => await RunOwnerAsync(context, holder, cancellationToken).ConfigureAwait(false),
            RoleDataHolder => await RunHolderAsync(context, owner, cancellationToken).ConfigureAwait(false),
            _ => ComponentResult.Failure($"ml/score:1 has no role '{context.Role}'."),
        };
    }

    /// <summary>
    /// What the release policy must allow before anything is computed; both parties check it, so a refusal is known
    /// before the model or a score moves.
    /// </summary>
    private static string? CheckRelease(ComponentContext context, ScoreSettings settings, string owner)
    {
        var kind = settings.Aggregate ? ReleaseKinds.Aggregate : ReleaseKinds.Score;
        if (!context.Release.Allows(owner, kind))
            return $"The agreement does not allow the model owner to receive '{kind}' outputs.";
        if (context.Release.AllowedModelDigests is not { Count: > 0 })
            return "The agreement approves no model digest, so no model may run.";
        if (settings.Aggregate) return null;
        var allowed = context.Release.AllowedOutputColumns;
        foreach (var column in settings.OutputColumns)
            if (allowed is null || !allowed.Contains(column))
                return $"The output column '{column}' is not one the agreement allows to leave.";
        if (settings.KeyColumn is { } key && (allowed is null || !allowed.Contains(key)))
            return $"The key column '{key}' is not one the agreement allows to leave.";
        return null;
    }

    private static bool IsApproved(ComponentContext context, string digest)
        => context.Release.AllowedModelDigests?.Any(d => string.Equals(d, digest, StringComparison.OrdinalIgnoreCase)) == true;
}
