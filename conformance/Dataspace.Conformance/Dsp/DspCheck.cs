namespace Dataspace.Conformance;

/// <summary>A check that plays the protocol against the target through the check's <see cref="DspCounterParty"/>.</summary>
internal sealed class DspCheck(string id, string name, string verifies, Func<DspCounterParty, CancellationToken, Task> run, string profile = ConformanceProfiles.Dsp)
    : ConformanceCheck
{
    /// <inheritdoc />
    public override string Id => id;

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Profile => profile;

    /// <inheritdoc />
    public override string Verifies => verifies;

    /// <inheritdoc />
    public override async Task RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var party = await DspCounterParty.ForAsync(context, cancellationToken).ConfigureAwait(false);
        await run(party, cancellationToken).ConfigureAwait(false);
    }
}
