using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Protocol.Processes;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Transfer;

/// <summary>The consumer's side of the transfer state machine.</summary>
public sealed partial class TransferManager
{
    /// <summary>Asks the provider of an agreement for a transfer (stored before the request is sent).</summary>
    public async Task<ProtocolResult<TransferProcessRecord>> RequestAsync(string agreementId, string transferType, Dataspace.Dsp.DataAddress? destination, CancellationToken cancellationToken)
    {
        var agreement = await _agreements.GetAsync(agreementId, cancellationToken).ConfigureAwait(false);
        var negotiation = agreement is null ? null : await _negotiations.GetAsync(agreement.NegotiationId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || negotiation is not { Role: ProcessRole.Consumer })
        {
            return ProtocolResult<TransferProcessRecord>.NotFound($"no agreement '{agreementId}' where this connector is the consumer");
        }

        if (negotiation.State is not (NegotiationState.Finalized or NegotiationState.Verified or NegotiationState.Agreed))
        {
            return ProtocolResult<TransferProcessRecord>.BadRequest("illegal-state", $"the agreement's negotiation is {negotiation.State.ToDsp()}");
        }

        if (transferType.EndsWith("-PUSH", StringComparison.Ordinal) && destination is null)
        {
            return ProtocolResult<TransferProcessRecord>.BadRequest("missing-destination", $"a {transferType} transfer needs a data destination");
        }

        var now = _time.GetUtcNow();
        var record = new TransferProcessRecord
        {
            Id = "urn:uuid:" + Guid.NewGuid(),
            Role = ProcessRole.Consumer,
            State = TransferState.Requested,
            AgreementId = agreementId,
            AssetId = agreement.AssetId,
            TransferType = transferType,
            CounterPartyId = negotiation.CounterPartyId,
            CounterPartyAddress = negotiation.CounterPartyAddress,
            DataAddress = destination is null ? null : DspDataAddresses.ToPushDestination(destination),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var request = new TransferRequestMessage
        {
            ConsumerPid = record.Id,
            AgreementId = agreementId,
            Format = transferType,
            DataAddress = destination,
            CallbackAddress = _self.DspUrl,
        };
        await _store.CreateAsync(record, ProcessEffects.Send(Message(record, "/transfers/request", request, OutboxPurpose.OpenProcess)), cancellationToken).ConfigureAwait(false);
        return ProtocolResult<TransferProcessRecord>.Ok(record);
    }

    /// <summary>The provider started (or resumed) the transfer (POST /transfers/{consumerPid}/start).</summary>
    public Task<ProtocolResult<TransferProcess>> OnConsumerStartAsync(VerifiedCaller caller, string consumerPid, TransferStartMessage message, CancellationToken cancellationToken) =>
        HandleAsync(caller, ProcessRole.Consumer, consumerPid, message.ProviderPid, message.ConsumerPid, cancellationToken, async record =>
        {
            var transition = TransferTransitions.Incoming(record, TransferMessageKind.Start);
            if (transition.IsIllegal)
            {
                return Illegal(record, TransferMessageKind.Start);
            }

            if (record.TransferType.EndsWith("-PULL", StringComparison.Ordinal) && message.DataAddress is null)
            {
                return ProtocolResult<TransferProcess>.BadRequest("missing-data-address", $"a {record.TransferType} start message must carry the dataAddress to pull from");
            }

            if (record.State == TransferState.Suspended
                && await _outbox.IsPendingAsync(record.Id, TransferSuspensionMessage.TypeName, cancellationToken).ConfigureAwait(false))
            {
                // Either sent before our suspension reached the provider (its start resent after a restart, which our
                // suspension, once delivered, withdraws) or a resumption overtaking our outbox's bookkeeping: answered
                // as transient, so the provider tries again once our suspension is settled, and only a real resumption remains.
                return ProtocolResult<TransferProcess>.Error(StatusCodes.Status503ServiceUnavailable, "suspension-in-flight",
                    "our TransferSuspensionMessage for this transfer is still being delivered; send the start again shortly");
            }

            if (record.State == TransferState.Suspended
                && await PeerDspStateAsync(record, cancellationToken).ConfigureAwait(false) is { } providerState
                && providerState.EndsWith("SUSPENDED", StringComparison.Ordinal))
            {
                // A resumption is stored by the provider before it is sent, so a provider still SUSPENDED sent
                // this start before our (since delivered) suspension reached it: its outbox had it in flight or resent
                // it after a restart. Taking it would leave us STARTED beside a SUSPENDED provider for good. Answered
                // as a repeat, so the provider's outbox lets it go; a provider we cannot ask is trusted, as before.
                return ProtocolResult<TransferProcess>.Ok(ToDsp(record));
            }

            var address = message.DataAddress is null ? null : DspDataAddresses.ToSdk(message.DataAddress);
            if (record.State == TransferState.Started && address is not null && !SameAddress(record.DataAddress, address))
            {
                // A running transfer's address is what our operator downloads from, with the credentials it carries: a
                // second start must not swap it for another URL. The same start resent stays idempotent.
                return ProtocolResult<TransferProcess>.Error(StatusCodes.Status409Conflict, "data-address-change",
                    "the transfer is already STARTED with a data address; a TransferStartMessage may not replace it (resend the same address, or suspend and start again)");
            }

            // The same start sent again (the provider's outbox retrying after a lost answer): answered as before, nothing stored.
            return transition.IsRepeat
                ? ProtocolResult<TransferProcess>.Ok(ToDsp(record))
                : await MoveAsync(record, transition.To, null, cancellationToken, address: address).ConfigureAwait(false);
        });

    private static bool SameAddress(Sdk.Transfer.DataAddress? stored, Sdk.Transfer.DataAddress received) =>
        stored is not null
        && string.Equals(stored.Type, received.Type, StringComparison.Ordinal)
        && stored.Properties.Count == received.Properties.Count
        && stored.Properties.All(p => received.Properties.TryGetValue(p.Key, out var value) && string.Equals(p.Value, value, StringComparison.Ordinal));
}
