namespace Dataspace.Connector.Protocol.Processes;

/// <summary>What identifies a stored process to its counter-party, whatever its kind.</summary>
/// <param name="Id">Our process id.</param>
/// <param name="Role">Our role in it.</param>
/// <param name="CounterPartyId">The counter-party's participant id.</param>
/// <param name="PeerPid">The counter-party's process id, once known.</param>
internal readonly record struct ProcessIdentity(string Id, ProcessRole Role, string CounterPartyId, string? PeerPid);
