namespace Dataspace.Connector.Client;

/// <summary>An HTTP endpoint a provider pushes data to, with optional properties (e.g. <c>authorization</c>).</summary>
public sealed record PushDestination(string Endpoint, IReadOnlyDictionary<string, string>? Properties = null);
