namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>One step of the database schema; applied once, in order of <paramref name="Version"/>.</summary>
public sealed record Migration(int Version, string Name, string Sql);
