using Dataspace.Sdk.Metering;

namespace Dataspace.Connector.Metering;

/// <summary>What one receipt covers: an agreement's transfer, or an agreement over a period.</summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="TransferId">The transfer (provider's process id), or null for a period.</param>
/// <param name="Start">Start of the period (for a transfer: when it was requested).</param>
/// <param name="End">End of the period (for a transfer: when the receipt was asked for).</param>
internal sealed record ReceiptScope(string AgreementId, string? TransferId, DateTimeOffset Start, DateTimeOffset End)
{
    public string ReceiptId => TransferId is null ? ReceiptIds.ForPeriod(AgreementId, Start, End) : ReceiptIds.ForTransfer(AgreementId, TransferId);

    // A transfer's receipt counts every record of the transfer, whenever made; a period's, the agreement's records in it.
    public UsageQuery Query(ProcessRole role) => TransferId is null
        ? new UsageQuery { AgreementId = AgreementId, Role = role, From = Start, To = End }
        : new UsageQuery { AgreementId = AgreementId, Role = role, TransferId = TransferId };
}
