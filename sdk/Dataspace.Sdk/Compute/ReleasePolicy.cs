namespace Dataspace.Sdk.Compute;

/// <summary>
/// What this party may release in a task, derived by the engine from the agreement's compute constraints.
/// Components consult it before writing an output or sending anything that reveals more than their protocol does.
/// </summary>
/// <param name="Releases">Release kinds allowed to each receiving party (participant id to kinds).</param>
/// <param name="MinGroupSize">Aggregates over fewer rows than this are suppressed; 0 means no minimum.</param>
/// <param name="AllowedModelDigests">For components that run a model: <c>sha256:</c> digests the owner approved.</param>
/// <param name="AllowedOutputColumns">For row-level outputs (scores): the only columns that may leave.</param>
public sealed record ReleasePolicy(
    IReadOnlyDictionary<string, IReadOnlySet<string>> Releases,
    int MinGroupSize = 0,
    IReadOnlySet<string>? AllowedModelDigests = null,
    IReadOnlySet<string>? AllowedOutputColumns = null)
{
    /// <summary>Whether <paramref name="participantId"/> may receive an output of <paramref name="kind"/>.</summary>
    public bool Allows(string participantId, string kind)
        => Releases.TryGetValue(participantId, out var kinds) && kinds.Contains(kind);
}
