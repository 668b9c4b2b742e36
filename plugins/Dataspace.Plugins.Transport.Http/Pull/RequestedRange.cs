using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>The single byte range a pull request asks for: from an offset, or the last N bytes.</summary>
internal readonly record struct RequestedRange(ByteRange? FromOffset, long? Suffix)
{
    /// <summary>Whether a range was asked for (and is honoured).</summary>
    public bool IsRange => FromOffset is not null || Suffix is not null;

    /// <summary>
    /// Reads the <c>Range</c> header. Multiple ranges, other units, malformed values and conditional ranges
    /// (<c>If-Range</c>, which this endpoint cannot validate) are ignored: the whole content is served, as RFC 9110 allows.
    /// </summary>
    public static RequestedRange Parse(HttpRequest request)
    {
        var header = request.Headers.Range;
        if (header.Count != 1 || request.Headers.IfRange.Count > 0
            || !RangeHeaderValue.TryParse(header[0], out var value)
            || !string.Equals(value.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || value.Ranges.Count != 1)
        {
            return default;
        }

        var range = value.Ranges.First();
        return range switch
        {
            { From: { } from, To: { } to } when to >= from => new RequestedRange(new ByteRange(from, to - from + 1), null),
            { From: { } from, To: null } => new RequestedRange(new ByteRange(from, null), null),
            { From: null, To: { } suffix } when suffix > 0 => new RequestedRange(null, suffix),
            _ => default,
        };
    }
}
