namespace Dataspace.JsonLd;

/// <summary>A JSON-LD processing error, carrying the error code defined by the JSON-LD 1.1 API (e.g. "invalid @id value").</summary>
public sealed class JsonLdException : Exception
{
    /// <summary>Creates an exception with no code; prefer the constructor that takes a code.</summary>
    public JsonLdException()
        : this(JsonLdErrorCode.InvalidInput, "JSON-LD processing failed.")
    {
    }

    /// <summary>Creates an exception with no code; prefer the constructor that takes a code.</summary>
    public JsonLdException(string message)
        : this(JsonLdErrorCode.InvalidInput, message)
    {
    }

    /// <summary>Creates an exception with no code, wrapping a cause; prefer the constructor that takes a code.</summary>
    public JsonLdException(string message, Exception innerException)
        : this(JsonLdErrorCode.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates an exception with the JSON-LD error code and a message saying what was wrong.</summary>
    public JsonLdException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>The JSON-LD error code (see <see cref="JsonLdErrorCode"/>).</summary>
    public string Code { get; }
}
