using System.Net;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>A peer's answer: its status and body, or why it could not be reached.</summary>
public sealed record DspResponse(HttpStatusCode? Status, byte[] Body, string? TransportError)
{
    /// <summary>The answer's <c>Link</c> header values (catalog pagination).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Any 2xx is an acknowledgement.</summary>
    public bool IsSuccess => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>Worth trying again: unreachable, overloaded, or a 404 that may only mean the peer has not stored its process yet.</summary>
    public bool IsTransient => Status is null or HttpStatusCode.NotFound or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)Status >= 500;

    /// <summary>One line for logs and process errors.</summary>
    public string Describe() =>
        TransportError ?? (Body.Length == 0
            ? $"peer answered {(int)Status!.Value} {Status} with an empty body"
            : $"peer answered {(int)Status!.Value}: {System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 500)))}");
}
