using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Loading;

/// <summary>A loaded document: its final URL (after redirects) and its parsed JSON, which callers must not mutate.</summary>
public sealed record RemoteDocument(Uri DocumentUrl, JsonNode Document);
