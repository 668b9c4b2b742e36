namespace Dataspace.Connector.Client;

/// <summary>A plugin the connector found: <c>loaded</c> with its health, or <c>failed</c> with its load error.</summary>
public sealed record PluginInfo(
    string Id,
    string? Version,
    IReadOnlyList<string> Kinds,
    string? Description,
    string Status,
    string? Error,
    string Directory,
    PluginHealthInfo? Health);
