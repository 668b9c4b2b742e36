namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="Sdk.Storage.IConnectorStateStore"/> (and <see cref="Sdk.Storage.IStorageLifecycle"/>) must do.</summary>
public abstract class ConnectorStateStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The first participant id stored stays; starts are counted; migrating again changes nothing and the storage answers.</summary>
    public async Task ParticipantIdAndStarts_AreKept()
    {
        await using var storage = await OpenAsync();

        Check.Equal("urn:first", await storage.ConnectorState.GetOrCreateParticipantIdAsync("urn:first", None), "the first participant id");
        Check.Equal("urn:first", await storage.ConnectorState.GetOrCreateParticipantIdAsync("urn:second", None), "the participant id once one is stored");
        Check.Equal(1L, await storage.ConnectorState.RecordStartAsync("1.0.0", StoreTestData.T0, None), "the first start");
        var version = await storage.Lifecycle.MigrateAsync(None);
        Check.Equal(version, await storage.Lifecycle.MigrateAsync(None), "the schema version when migrated again");
        Check.Equal(2L, await storage.ConnectorState.RecordStartAsync("1.0.1", StoreTestData.T0.AddMinutes(1), None), "the second start");
        Check.Null(await storage.Lifecycle.CheckAsync(None), "the health check's failure");
    }
}
