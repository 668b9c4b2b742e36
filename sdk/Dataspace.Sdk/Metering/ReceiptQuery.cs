namespace Dataspace.Sdk.Metering;

/// <summary>Which receipts to list; every member left null matches all.</summary>
public sealed record ReceiptQuery
{
    /// <summary>Only this agreement's receipts.</summary>
    public string? AgreementId { get; init; }

    /// <summary>Only receipts with this counter-party.</summary>
    public string? CounterPartyId { get; init; }

    /// <summary>Only receipts in this state (e.g. <see cref="ReceiptState.Disputed"/>).</summary>
    public ReceiptState? State { get; init; }
}
