namespace Dataspace.Policies.Evaluation;

/// <summary>A payment made under an agreement, evidence for compensate duties.</summary>
/// <param name="Amount">The amount paid.</param>
/// <param name="Currency">The currency (ISO 4217 code or IRI), matched against a constraint's unit.</param>
public sealed record Payment(decimal Amount, string Currency);
