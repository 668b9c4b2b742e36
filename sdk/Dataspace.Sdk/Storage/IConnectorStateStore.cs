namespace Dataspace.Sdk.Storage;

/// <summary>The connector's own lasting facts: its generated participant id and its start history.</summary>
public interface IConnectorStateStore
{
    /// <summary>The participant id kept in the database; <paramref name="candidate"/> is stored and returned when none is yet (first writer wins).</summary>
    Task<string> GetOrCreateParticipantIdAsync(string candidate, CancellationToken cancellationToken);

    /// <summary>Records a start of a connector instance; returns how many starts the database has seen.</summary>
    Task<long> RecordStartAsync(string version, DateTimeOffset at, CancellationToken cancellationToken);
}
