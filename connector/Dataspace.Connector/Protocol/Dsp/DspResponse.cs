using System.Net;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>A peer's answer: its status and body, or why it could not be reached.</summary>
public sealed record DspResponse(HttpStatusCode? Status, byte[] Body, string? TransportError)
{
    /// <summary>The answer's <c>Link</c> header values (catalog pagination).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Names this exchange in the operator's log, where the peer's answer or the network error is written in full.</summary>
    public string? Correlation { get; init; }

    /// <summary>A failure that trying again cannot cure (an answer over the size limit).</summary>
    public bool Permanent { get; init; }

    /// <summary>Any 2xx is an acknowledgement.</summary>
    public bool IsSuccess => TransportError is null && Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>Worth trying again: unreachable, overloaded, or a 404 that may only mean the peer has not stored its process yet.</summary>
    public bool IsTransient => !Permanent && (Status is null or HttpStatusCode.NotFound or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)Status >= 500);

    /// <summary>
    /// One line for process errors and termination reasons: the status and correlation id, never the peer's body or the
    /// network's error text, since the line may reach another party (a peer's termination reason).
    /// </summary>
    public string Describe() =>
        TransportError ?? $"peer answered {(int)Status!.Value}{(Correlation is null ? "" : $" (correlation {Correlation})")}";

    /// <summary>
    /// <see cref="Describe"/> with the start of the peer's answer (its DSP error names what it refused): only for our own
    /// operator, who asked this peer something through the management API; never for a text another party sees.
    /// </summary>
    public string DescribeWithAnswer() =>
        TransportError ?? (Body.Length == 0
            ? $"peer answered {(int)Status!.Value} {Status} with an empty body"
            : $"peer answered {(int)Status!.Value}: {System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 500)))}");
}
