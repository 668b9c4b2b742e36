using System.Net;

namespace Dataspace.Connector.Client;

/// <summary>The management API refused a call: the HTTP status and the problem's <c>detail</c> (what was wrong).</summary>
public sealed class ManagementApiException : Exception
{
    /// <summary>Creates the exception for a refused call.</summary>
    public ManagementApiException(HttpStatusCode statusCode, string? title, string detail, string request)
        : base($"{detail} ({(int)statusCode} {title ?? statusCode.ToString()} from {request})")
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Request = request;
    }

    /// <summary>Creates the exception with a message only (status 0).</summary>
    public ManagementApiException() : this("the management API refused the call") { }

    /// <summary>Creates the exception with a message only (status 0).</summary>
    public ManagementApiException(string message) : base(message) => Detail = message;

    /// <summary>Creates the exception with a message and its cause (status 0).</summary>
    public ManagementApiException(string message, Exception innerException) : base(message, innerException) => Detail = message;

    /// <summary>The HTTP status the connector answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title (e.g. <c>Not Found</c>), if it gave one.</summary>
    public string? Title { get; }

    /// <summary>The problem's detail: what was wrong, in the connector's words (or the response text if it was not a problem document).</summary>
    public string Detail { get; } = "";

    /// <summary>The method and path of the refused call, e.g. <c>GET /assets/x</c>.</summary>
    public string? Request { get; }
}
