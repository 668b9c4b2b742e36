namespace Dataspace.Connector.Management;

/// <summary>A plugin as the management API shows it.</summary>
public sealed record PluginResponse(
    string Id,
    string? Version,
    IReadOnlyList<string> Kinds,
    string? Description,
    string Status,
    string? Error,
    string Directory,
    PluginHealthResponse? Health);
