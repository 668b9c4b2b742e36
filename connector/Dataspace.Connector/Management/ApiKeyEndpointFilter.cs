using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Management;

/// <summary>Refuses management calls without the right <c>X-Api-Key</c> header, saying which is wrong.</summary>
internal sealed class ApiKeyEndpointFilter : IEndpointFilter
{
    private readonly ManagementApiKey _key;

    public ApiKeyEndpointFilter(ManagementApiKey key) => _key = key;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        if (!headers.TryGetValue(ManagementApiKey.HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return ValueTask.FromResult<object?>(Unauthorized(context.HttpContext, $"missing {ManagementApiKey.HeaderName} header: the management API needs the connector's API key"));
        }

        if (values.Count > 1 || !_key.Matches(values[0]))
        {
            return ValueTask.FromResult<object?>(Unauthorized(context.HttpContext, $"the {ManagementApiKey.HeaderName} header does not hold this connector's API key"));
        }

        return next(context);
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ManagementApiKey.HeaderName}\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }
}
