using System.Text.Json.Nodes;

namespace Dataspace.Sdk.Storage;

/// <summary>One contract negotiation as this connector keeps it; <see cref="Id"/> is our process id.</summary>
public sealed record ContractNegotiationRecord
{
    /// <summary>Our process id (providerPid when we provide, consumerPid when we consume).</summary>
    public required string Id { get; init; }

    /// <summary>Our side.</summary>
    public required ProcessRole Role { get; init; }

    /// <summary>The counter-party's process id; null until it told us.</summary>
    public string? PeerPid { get; init; }

    /// <summary>The current state.</summary>
    public required NegotiationState State { get; init; }

    /// <summary>The counter-party's participant id.</summary>
    public required string CounterPartyId { get; init; }

    /// <summary>Where the counter-party receives DSP messages (its callback address or DSP base URL).</summary>
    public required string CounterPartyAddress { get; init; }

    /// <summary>The offer's id.</summary>
    public required string OfferId { get; init; }

    /// <summary>The dataset (asset) the offer is for.</summary>
    public required string AssetId { get; init; }

    /// <summary>The latest offer, as a DSP ODRL policy.</summary>
    public required JsonObject Offer { get; init; }

    /// <summary>The agreement's id once agreed.</summary>
    public string? AgreementId { get; init; }

    /// <summary>Provider side: the consumer as it was verified when it asked (DID and credentials, JSON), for deciding after a restart.</summary>
    public string? CounterPartyClaims { get; init; }

    /// <summary>Why the negotiation was terminated, when it was.</summary>
    public string? Error { get; init; }

    /// <summary>When the negotiation began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed state.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The DSP providerPid.</summary>
    public string? ProviderPid => Role == ProcessRole.Provider ? Id : PeerPid;

    /// <summary>The DSP consumerPid.</summary>
    public string? ConsumerPid => Role == ProcessRole.Consumer ? Id : PeerPid;
}
