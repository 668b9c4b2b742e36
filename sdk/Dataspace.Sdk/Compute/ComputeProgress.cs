namespace Dataspace.Sdk.Compute;

/// <summary>How far a party's run of a task is.</summary>
/// <param name="Fraction">Between 0 and 1.</param>
/// <param name="Phase">A short name of the current phase, e.g. <c>mask-own</c>.</param>
public readonly record struct ComputeProgress(double Fraction, string Phase);
