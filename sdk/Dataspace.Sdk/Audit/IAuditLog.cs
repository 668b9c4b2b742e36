namespace Dataspace.Sdk.Audit;

/// <summary>The connector's tamper-evident audit log: every protocol message, policy decision, agreement, data access and management change is appended here.</summary>
/// <remarks>
/// Called concurrently. An append completes only when the entry is durable, so a caller awaits it before acknowledging
/// the action the entry records; appends are batched, so awaiting costs a share of one commit, not one each.
/// </remarks>
public interface IAuditLog
{
    /// <summary>Appends the record; completes with its place in the log once it is durable.</summary>
    ValueTask<AuditAppended> AppendAsync(AuditRecord record, CancellationToken cancellationToken);
}
