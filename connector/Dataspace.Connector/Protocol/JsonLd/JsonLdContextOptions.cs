namespace Dataspace.Connector.Protocol.JsonLd;

/// <summary>JSON-LD settings (configuration section <c>Connector:JsonLd</c>).</summary>
public sealed class JsonLdContextOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:JsonLd";

    /// <summary>
    /// Further contexts peers may name in DSP messages, by URL, each read from a local file (a JSON object with an
    /// <c>@context</c> entry; a relative path is taken from the working directory). They add to, or replace, the embedded ones.
    /// </summary>
    public Dictionary<string, string> Contexts { get; set; } = new(StringComparer.Ordinal);
}
