namespace Dataspace.Connector.Tck;

/// <summary>A pre-agreed contract of the TCK seed file, for the TCK's transfer cases, with our side's scripted transfer.</summary>
public sealed record TckAgreement
{
    /// <summary>The agreement id the TCK names, e.g. <c>ATP0101</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The dataset the agreement is for: a provider dataset of the seed, or for side consumer the TCK's dataset id.</summary>
    public required string DatasetId { get; init; }

    /// <summary><c>provider</c> (default): we provide, the TCK consumes (TP cases); <c>consumer</c>: the TCK provides, we consume (TP_C cases).</summary>
    public string Side { get; init; } = "provider";

    /// <summary>
    /// As provider, what we do, in order, at each point we act on our own: <c>start</c> (the channel, or again after
    /// our suspension), <c>suspend</c>, <c>complete</c>, <c>terminate</c>, <c>wait</c>; when the script is used up the
    /// engine proceeds. As consumer, <c>state:action</c> words done in order, each once the transfer is in that state
    /// (<c>requested</c>, <c>started</c>, <c>suspended</c>) and our earlier messages are delivered: <c>started:terminate</c>.
    /// </summary>
    public IReadOnlyList<string> Transfer { get; init; } = [];
}
