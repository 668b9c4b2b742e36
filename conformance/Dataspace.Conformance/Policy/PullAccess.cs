namespace Dataspace.Conformance.Policy;

/// <summary>Where and how to pull a started transfer's data (from the target's TransferStartMessage).</summary>
internal sealed record PullAccess(Uri Endpoint, string? Authorization);
