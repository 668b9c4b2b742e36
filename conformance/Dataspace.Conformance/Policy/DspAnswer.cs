using System.Text.Json.Nodes;

namespace Dataspace.Conformance.Policy;

/// <summary>The target's answer to one DSP request: the status and the body (parsed when it is JSON).</summary>
internal sealed record DspAnswer(int Status, JsonNode? Body, string Text)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A short description for failure messages.</summary>
    public string Describe() => $"HTTP {Status}{(Text.Length == 0 ? "" : ": " + (Text.Length <= 300 ? Text : Text[..300] + "…"))}";
}
