using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Host.Loopback;

/// <summary>How to start a <see cref="LoopbackConnector"/>: its data folder and settings over the loopback defaults.</summary>
public sealed record LoopbackConnectorOptions
{
    /// <summary>The connector's data folder (created if missing).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The plugins folder; null for the one beside the executable.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>Settings by configuration key that override the loopback defaults (<see cref="LoopbackConnector.Defaults"/>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A JSON configuration file read before the settings; null for none.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Where the start-up banner goes.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>Where a start-up error goes.</summary>
    public TextWriter Error { get; init; } = TextWriter.Null;

    /// <summary>Called with the services after every registration (e.g. to decorate one); null for none.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Called with the built application before it starts (e.g. to add a middleware); null for none.</summary>
    public Action<WebApplication>? Configure { get; init; }
}
