namespace Dataspace.Connector.Protocol.JsonLd;

/// <summary>JSON-LD settings (configuration section <c>Connector:JsonLd</c>).</summary>
public sealed class JsonLdContextOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:JsonLd";

    /// <summary>
    /// Further contexts peers may name in DSP messages, each a URL and the local file it is read from; they add to, or
    /// replace, the embedded ones. A list rather than a map because configuration keys cannot hold the colons of URLs.
    /// </summary>
    public List<JsonLdContextFile> Contexts { get; set; } = [];
}
