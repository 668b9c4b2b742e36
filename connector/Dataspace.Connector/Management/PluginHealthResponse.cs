namespace Dataspace.Connector.Management;

/// <summary>A loaded plugin's health: <c>healthy</c>, <c>unhealthy</c> or <c>unchecked</c> (it registers no check).</summary>
public sealed record PluginHealthResponse(string Status, IReadOnlyList<string> Details);
