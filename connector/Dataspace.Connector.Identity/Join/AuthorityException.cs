namespace Dataspace.Connector.Identity.Join;

/// <summary>The authority refused a call or could not be reached; the message says what and why.</summary>
internal sealed class AuthorityException : Exception
{
    public AuthorityException()
    {
    }

    public AuthorityException(string message)
        : base(message)
    {
    }

    public AuthorityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The authority's error code (<c>invalid-registration-id</c>...), when it answered.</summary>
    public string? Code { get; init; }

    /// <summary>The HTTP status, when the authority answered.</summary>
    public int? Status { get; init; }
}
