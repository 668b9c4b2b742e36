using Dataspace.Sdk.Transfer;

namespace Dataspace.Sdk.Storage;

/// <summary>One transfer process as this connector keeps it; <see cref="Id"/> is our process id.</summary>
public sealed record TransferProcessRecord
{
    /// <summary>Our process id.</summary>
    public required string Id { get; init; }

    /// <summary>Our side.</summary>
    public required ProcessRole Role { get; init; }

    /// <summary>The counter-party's process id; null until it told us.</summary>
    public string? PeerPid { get; init; }

    /// <summary>The current state.</summary>
    public required TransferState State { get; init; }

    /// <summary>The agreement the transfer is under.</summary>
    public required string AgreementId { get; init; }

    /// <summary>The asset transferred.</summary>
    public required string AssetId { get; init; }

    /// <summary>The DSP transfer type (format), e.g. HttpData-PULL.</summary>
    public required string TransferType { get; init; }

    /// <summary>The counter-party's participant id.</summary>
    public required string CounterPartyId { get; init; }

    /// <summary>Where the counter-party receives DSP messages.</summary>
    public required string CounterPartyAddress { get; init; }

    /// <summary>
    /// Provider side: the consumer's push destination. Consumer side: where to pull from (endpoint and token) once
    /// started, or the push destination we asked for.
    /// </summary>
    public DataAddress? DataAddress { get; init; }

    /// <summary>Why the transfer was terminated or suspended.</summary>
    public string? Error { get; init; }

    /// <summary>When it began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The DSP providerPid.</summary>
    public string? ProviderPid => Role == ProcessRole.Provider ? Id : PeerPid;

    /// <summary>The DSP consumerPid.</summary>
    public string? ConsumerPid => Role == ProcessRole.Consumer ? Id : PeerPid;
}
