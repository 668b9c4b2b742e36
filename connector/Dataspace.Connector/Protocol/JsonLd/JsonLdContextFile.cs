namespace Dataspace.Connector.Protocol.JsonLd;

/// <summary>One configured context (<c>Connector:JsonLd:Contexts:N</c>).</summary>
public sealed class JsonLdContextFile
{
    /// <summary>The absolute URL peers name the context by in their <c>@context</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>The file holding the context document (a JSON object with an <c>@context</c> entry); a relative path is taken from the working directory.</summary>
    public string File { get; set; } = "";
}
