namespace Dataspace.Dsp;

/// <summary>The DSP 2025-1 JSON-LD context and the IRIs of its vocabulary.</summary>
public static class DspContext
{
    /// <summary>The URL of the DSP 2025-1 context.</summary>
    public const string Url = "https://w3id.org/dspace/2025/1/context.jsonld";

    /// <summary>The DSP 2025-1 vocabulary namespace.</summary>
    public const string Namespace = "https://w3id.org/dspace/2025/1/";

    /// <summary>The canonical context array of a DSP 2025-1 message.</summary>
    public static IReadOnlyList<string> Default { get; } = [Url];
}
