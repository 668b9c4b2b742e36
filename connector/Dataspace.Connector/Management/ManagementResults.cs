using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Management;

/// <summary>Problem responses of the management API, each saying what was wrong.</summary>
internal static class ManagementResults
{
    public static IResult BadRequest(string detail, object? errors = null) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: detail);

    public static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult BadGateway(string detail) => Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Bad Gateway", detail: detail);

    public static PageRequest Page(int? offset, int? limit) =>
        new(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 50, 1, PageRequest.MaxLimit));

    /// <summary>Whether <paramref name="url"/> is an absolute http or https URL (a peer's DSP address, a push destination).</summary>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public static string NewId() => Guid.NewGuid().ToString("D");

    // Ids are path segments of the API ('/assets/{id}'): a '/' or '\\' could not be addressed afterwards.
    public static bool ValidId(string id) => id.Length is > 0 and <= 256 && !id.Any(c => char.IsControl(c) || c is '/' or '\\');
}
