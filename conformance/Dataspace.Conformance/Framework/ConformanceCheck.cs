namespace Dataspace.Conformance;

/// <summary>
/// One conformance check. Run it from any test framework: it completes when the target conforms and throws a
/// <see cref="ConformanceException"/> saying what was violated when it does not.
/// </summary>
public abstract class ConformanceCheck
{
    /// <summary>Stable id, e.g. <c>CN:01-01</c> (the official DSP TCK's ids where it has the case) or <c>ROB:02</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Short name shown in progress and reports.</summary>
    public abstract string Name { get; }

    /// <summary>The profile the check belongs to (<see cref="ConformanceProfiles"/>).</summary>
    public abstract string Profile { get; }

    /// <summary>What the check verifies, in a sentence a certifier can read (reports show it).</summary>
    public abstract string Verifies { get; }

    /// <summary>Runs the check against the context's target; throws <see cref="ConformanceException"/> on a violation.</summary>
    public abstract Task RunAsync(CheckContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Name}";
}
