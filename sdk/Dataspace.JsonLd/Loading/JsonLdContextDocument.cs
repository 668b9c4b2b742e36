namespace Dataspace.JsonLd.Loading;

/// <summary>A context a plugin contributes to the registry: the URL it is served at and its JSON (a map with @context).</summary>
public sealed record JsonLdContextDocument(Uri Url, string Json);
