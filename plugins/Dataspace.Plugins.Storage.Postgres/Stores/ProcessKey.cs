using Dataspace.Sdk.Storage;

namespace Dataspace.Plugins.Storage.Postgres.Stores;

/// <summary>What every protocol process has: our id and role, the counter-party, its process id and when it last changed.</summary>
internal readonly record struct ProcessKey(string Id, ProcessRole Role, string CounterPartyId, string? PeerPid, DateTimeOffset UpdatedAt);
