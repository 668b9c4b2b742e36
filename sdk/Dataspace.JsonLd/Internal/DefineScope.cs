using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>The state shared by the term definitions created from one local context map.</summary>
internal sealed class DefineScope(JsonObject localContext, string? baseUrl, bool isProtected, bool overrideProtected, List<string> remoteContexts, bool validateScoped)
{
    public JsonObject LocalContext { get; } = localContext;

    /// <summary>Terms being defined (false) or defined (true), to detect cycles.</summary>
    public Dictionary<string, bool> Defined { get; } = new(StringComparer.Ordinal);

    public string? BaseUrl { get; } = baseUrl;

    public bool Protected { get; } = isProtected;

    public bool OverrideProtected { get; } = overrideProtected;

    public List<string> RemoteContexts { get; } = remoteContexts;

    public bool ValidateScoped { get; } = validateScoped;
}
