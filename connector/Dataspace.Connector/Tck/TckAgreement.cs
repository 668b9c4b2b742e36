namespace Dataspace.Connector.Tck;

/// <summary>A pre-agreed contract of the TCK seed file, for the TCK's transfer cases, with the provider's scripted transfer.</summary>
public sealed record TckAgreement
{
    /// <summary>The agreement id the TCK names, e.g. <c>ATP0101</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The seed dataset (side provider) the agreement is for.</summary>
    public required string DatasetId { get; init; }

    /// <summary>
    /// What the provider does, in order, at each point it acts on its own: <c>start</c> (the channel, or again after
    /// our suspension), <c>suspend</c>, <c>complete</c>, <c>terminate</c>, <c>wait</c>. When the script is used up the engine proceeds.
    /// </summary>
    public IReadOnlyList<string> Transfer { get; init; } = [];
}
