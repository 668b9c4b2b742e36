namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// KusciaAPI failed or answered something that is not KusciaAPI's: <see cref="Exception.Message"/> is a short reason
/// safe to show any party; <see cref="Detail"/> holds Kuscia's own text, for this connector's log only.
/// </summary>
internal sealed class KusciaException : Exception
{
    public KusciaException(KusciaFailure failure, string message, int code = 0, string? detail = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Code = code;
        Detail = detail;
    }

    /// <summary>What kind of failure.</summary>
    public KusciaFailure Failure { get; }

    /// <summary>Kuscia's error code (errorcode/error_code.proto), 0 when there was none.</summary>
    public int Code { get; }

    /// <summary>Kuscia's own message, never passed to another party.</summary>
    public string? Detail { get; }

    /// <summary>Whether trying again later may succeed (the connection or Kuscia's server broke).</summary>
    public bool Transient => Failure is KusciaFailure.Unavailable;
}

/// <summary>Why a KusciaAPI call failed.</summary>
internal enum KusciaFailure
{
    /// <summary>Kuscia could not be reached, timed out or answered 5xx.</summary>
    Unavailable,

    /// <summary>Kuscia refused the token or the client certificate (HTTP 401/403).</summary>
    Unauthorized,

    /// <summary>Kuscia answered with a non-zero status code.</summary>
    Refused,

    /// <summary>The answer was not KusciaAPI's JSON, was too large or lacked what it must hold.</summary>
    Malformed,
}
