namespace Dataspace.Connector.Client;

/// <summary>What to search the audit log for; every filter left null matches all, the period is [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record AuditLogSearch
{
    /// <summary>The entry type, e.g. <c>agreement</c> or <c>dsp.message.received</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Who acted.</summary>
    public string? Actor { get; init; }

    /// <summary>The other party's id.</summary>
    public string? CounterParty { get; init; }

    /// <summary>The negotiation or transfer process id.</summary>
    public string? ProcessId { get; init; }

    /// <summary>The agreement id.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The earliest time, inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The latest time, exclusive.</summary>
    public DateTimeOffset? To { get; init; }
}
