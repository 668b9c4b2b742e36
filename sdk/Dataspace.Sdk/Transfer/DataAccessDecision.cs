namespace Dataspace.Sdk.Transfer;

/// <summary>The connector's answer to <see cref="IDataAccessGuard.AuthorizeAsync"/>.</summary>
public sealed record DataAccessDecision
{
    private DataAccessDecision() { }

    /// <summary>Where to read the data from when allowed.</summary>
    public DataAddress? Source { get; private init; }

    /// <summary>Why the access is denied; null when allowed.</summary>
    public string? DenialReason { get; private init; }

    /// <summary>Whether the transfer is not (or no longer) known, as opposed to known but not allowed now.</summary>
    public bool UnknownTransfer { get; private init; }

    /// <summary>Whether the access is allowed.</summary>
    public bool Allowed => DenialReason is null;

    /// <summary>Allows the access.</summary>
    public static DataAccessDecision Allow(DataAddress source) => new() { Source = source };

    /// <summary>Denies the access with a reason the consumer sees.</summary>
    public static DataAccessDecision Deny(string reason, bool unknownTransfer = false) => new() { DenialReason = reason, UnknownTransfer = unknownTransfer };
}
