namespace Dataspace.Connector.Protocol;

/// <summary>What every protocol process has: our role, the counter-party, its process id and when it last changed.</summary>
public readonly record struct ProcessKey(ProcessRole Role, string CounterPartyId, string? PeerPid, DateTimeOffset UpdatedAt);
