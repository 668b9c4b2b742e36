namespace Dataspace.Connector.Client;

/// <summary>A loaded plugin's health: <c>healthy</c>, <c>unhealthy</c> or <c>unchecked</c>, with details.</summary>
public sealed record PluginHealthInfo(string Status, IReadOnlyList<string> Details);
