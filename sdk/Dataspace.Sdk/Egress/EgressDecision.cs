namespace Dataspace.Sdk.Egress;

/// <summary>The answer of <see cref="IEgressPolicy.Check"/>: allowed, or refused with a reason naming the setting that would allow it.</summary>
public sealed record EgressDecision
{
    private static readonly EgressDecision AllowedInstance = new();

    private EgressDecision() { }

    /// <summary>Why the destination is refused; null when allowed.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the destination may be contacted (its resolved addresses are checked again on connection).</summary>
    public bool Allowed => Reason is null;

    /// <summary>Allows the destination.</summary>
    public static EgressDecision Allow() => AllowedInstance;

    /// <summary>Refuses the destination with a reason.</summary>
    public static EgressDecision Refuse(string reason) => new() { Reason = reason };
}
