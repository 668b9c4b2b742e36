using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Hosting;

/// <summary>The connector's settings (configuration section <c>Connector</c>).</summary>
public sealed class ConnectorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector";

    /// <summary>The folder holding the connector's state (database, keys, plugin data).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The participant id announced to peers; generated and kept in the database when not set.</summary>
    public string? ParticipantId { get; set; }

    /// <summary>The address the HTTP endpoints listen on.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The HTTP port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8181;

    /// <summary>The folder holding one sub-folder per plugin; defaults to <c>plugins</c> beside the executable.</summary>
    public string? PluginsDirectory { get; set; }

    /// <summary>Start without faulty plugins instead of refusing to start.</summary>
    public bool SkipFaultyPlugins { get; set; }

    /// <summary>The management API key; generated into the data folder on first run when not set.</summary>
    public string? ManagementApiKey { get; set; }

    /// <summary>
    /// Whether each database commit waits for its fsync (<see cref="Storage.DatabaseSynchronous.Full"/>, the default: a
    /// peer is never told of a transition a power loss could undo) or only checkpoints do
    /// (<see cref="Storage.DatabaseSynchronous.Normal"/>); see docs/durability.md.
    /// </summary>
    public Storage.DatabaseSynchronous DatabaseSynchronous { get; set; } = Storage.DatabaseSynchronous.Full;

    /// <summary>The data folder as an absolute path.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The plugins folder as an absolute path.</summary>
    public string PluginsDirectoryFullPath =>
        Path.GetFullPath(PluginsDirectory ?? Path.Combine(AppContext.BaseDirectory, "plugins"));
}
