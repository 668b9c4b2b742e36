namespace Dataspace.Connector.Storage;

/// <summary>The schema of the embedded database, as an ordered list of migrations. Append; never edit a released one.</summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "connector state", """
            CREATE TABLE connector_state (
                key   TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE connector_starts (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                version    TEXT NOT NULL
            );
            """),
    ];
}
