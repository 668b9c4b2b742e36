namespace Dataspace.Policies.Evaluation;

/// <summary>The result of evaluating a policy: the decision, a one-line reason and the compliance report.</summary>
public sealed record PolicyEvaluation
{
    /// <summary>The decision.</summary>
    public required PolicyDecision Decision { get; init; }

    /// <summary>A one-line, human-readable reason (why a request is denied, or which permission allows it).</summary>
    public required string Reason { get; init; }

    /// <summary>The full compliance report.</summary>
    public required ComplianceReport Report { get; init; }

    /// <summary>Duties and obligations the connector must see fulfilled (e.g. delete within 30 days), with their state.</summary>
    public required IReadOnlyList<DutyReport> PendingDuties { get; init; }

    /// <summary>Whether the request is permitted.</summary>
    public bool IsPermitted => Decision == PolicyDecision.Permit;
}
