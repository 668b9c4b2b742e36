namespace Dataspace.Connector.Host;

/// <summary>How to start a connector: raw arguments, an extra configuration file and explicit overrides.</summary>
public sealed record ConnectorHostSettings
{
    /// <summary>Command-line arguments in configuration form (<c>--Connector:Port=9000</c>).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>A JSON configuration file that overrides appsettings.json; environment variables override it.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Settings that override everything else (from CLI options), by configuration key.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the start-up banner goes.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Where a start-up error goes, as one line.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>
    /// Called with the service collection after every registration, before the host is built, so an embedder can
    /// decorate services (the conformance suite's tests inject deliberate faults this way); null for none.
    /// </summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }
}
