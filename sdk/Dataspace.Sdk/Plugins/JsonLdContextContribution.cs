namespace Dataspace.Sdk.Plugins;

/// <summary>A JSON-LD context a plugin contributes (e.g. a subspace's or a peer ecosystem's vocabulary), served from memory at <see cref="Url"/>.</summary>
/// <param name="Url">The absolute URL peers name the context by in their <c>@context</c>.</param>
/// <param name="Json">The context document: a JSON object with an <c>@context</c> entry.</param>
public sealed record JsonLdContextContribution(Uri Url, string Json);
