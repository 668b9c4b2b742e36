using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Management;

/// <summary>Refuses management calls without the right <c>X-Api-Key</c> header, saying which is wrong.</summary>
internal sealed class ApiKeyEndpointFilter : IEndpointFilter
{
    private readonly ManagementApiKey _key;

    public ApiKeyEndpointFilter(ManagementApiKey key) => _key = key;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key.Refusal(context.HttpContext.Request.Headers, "the management API needs the connector's API key", "this connector's API") is { } reason)
        {
            return ValueTask.FromResult<object?>(Unauthorized(context.HttpContext, reason));
        }

        return next(context);
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ManagementApiKey.HeaderName}\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }
}
