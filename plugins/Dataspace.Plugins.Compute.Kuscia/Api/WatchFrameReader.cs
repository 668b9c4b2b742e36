namespace Dataspace.Plugins.Compute.Kuscia.Api;

/// <summary>
/// Splits KusciaAPI's watch stream into its JSON objects: the gateway writes one encoding/json object per event into a
/// chunked body with nothing between them, so the object ends where its outermost brace closes.
/// </summary>
internal sealed class WatchFrameReader
{
    private readonly Stream _stream;
    private readonly int _maxFrameBytes;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public WatchFrameReader(Stream stream, int maxFrameBytes)
    {
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>The next object's bytes, or null at the end of the stream between objects.</summary>
    /// <exception cref="KusciaException">The stream holds something other than objects, an object is too large, or it ends inside one.</exception>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        using var frame = new MemoryStream();
        var depth = 0;
        var inString = false;
        var escaped = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return depth == 0 ? null : throw Malformed("the watch stream ended inside an event");
                }
            }

            var from = _start;
            while (_start < _end)
            {
                var b = _buffer[_start++];
                if (depth == 0)
                {
                    if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                    {
                        from = _start;
                        continue;
                    }

                    if (b != (byte)'{')
                    {
                        throw Malformed("the watch stream holds something other than JSON objects");
                    }
                }

                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        escaped = true;
                    }
                    else if (b == (byte)'"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        depth--;
                        if (depth == 0)
                        {
                            frame.Write(_buffer, from, _start - from);
                            return frame.ToArray();
                        }

                        break;
                }
            }

            frame.Write(_buffer, from, _start - from);
            if (frame.Length > _maxFrameBytes)
            {
                throw Malformed($"a watch event is larger than {_maxFrameBytes} bytes");
            }
        }
    }

    private static KusciaException Malformed(string message) => new(KusciaFailure.Malformed, $"KusciaAPI's answer is malformed: {message}");
}
