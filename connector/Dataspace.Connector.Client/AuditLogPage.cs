namespace Dataspace.Connector.Client;

/// <summary>A page of audit entries in log order; <paramref name="Next"/> is the <c>fromIndex</c> of the next page, null on the last.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditLogEntry> Items, long? Next);
