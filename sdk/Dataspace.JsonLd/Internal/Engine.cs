using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>One run of a JSON-LD algorithm: options, cancellation and the counters that enforce the limits.</summary>
internal sealed partial class Engine
{
    private readonly JsonLdOptions _options;
    private readonly CancellationToken _cancellationToken;
    private int _nodes;
    private int _contextDepth;

    public Engine(JsonLdOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public JsonLdOptions Options => _options;

    private void Visit(int depth)
    {
        if (depth > _options.MaxDepth)
        {
            throw new JsonLdException(JsonLdErrorCode.MaxDepthExceeded, $"The document nests deeper than the limit of {_options.MaxDepth} levels.");
        }

        if (++_nodes > _options.MaxNodes)
        {
            throw new JsonLdException(JsonLdErrorCode.MaxSizeExceeded, $"The document has more than the limit of {_options.MaxNodes} values.");
        }

        if ((_nodes & 1023) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static JsonLdException Error(string code, string message) => new(code, message);

    private static string Describe(JsonNode? node)
    {
        string text;
        try
        {
            text = node?.ToJsonString() ?? "null";
        }
        catch (InvalidOperationException)
        {
            // Deeper than the writer allows: say what kind of value it is instead.
            text = node?.GetValueKind().ToString() ?? "null";
        }

        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
