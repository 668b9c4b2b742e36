using System.Text.Json.Nodes;
using Dataspace.Connector.Management;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>Refuses calls to the authority's management API without its <c>X-Api-Key</c>, saying what is wrong.</summary>
internal sealed class AuthorityApiKeyFilter : IEndpointFilter
{
    private readonly ManagementApiKey _key;

    public AuthorityApiKeyFilter(ManagementApiKey key) => _key = key;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key.Refusal(context.HttpContext.Request.Headers, $"the authority's management API needs the key in its data folder ({ManagementApiKey.FileName})", "this authority's management API") is { } reason)
        {
            return Unauthorized(context.HttpContext, reason);
        }

        return next(context);
    }

    private static ValueTask<object?> Unauthorized(HttpContext http, string reason)
    {
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ManagementApiKey.HeaderName}\"";
        return ValueTask.FromResult<object?>(Results.Json(new JsonObject { ["error"] = "unauthorized", ["reason"] = reason }, statusCode: StatusCodes.Status401Unauthorized));
    }
}
