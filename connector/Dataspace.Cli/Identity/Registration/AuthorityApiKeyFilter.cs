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
        var headers = context.HttpContext.Request.Headers;
        if (!headers.TryGetValue(ManagementApiKey.HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return Unauthorized(context.HttpContext, $"missing {ManagementApiKey.HeaderName} header: the authority's management API needs the key in its data folder ({ManagementApiKey.FileName})");
        }

        // Matches compares in constant time, so the answer's timing tells nothing about the key.
        if (values.Count > 1 || !_key.Matches(values[0]))
        {
            return Unauthorized(context.HttpContext, $"the {ManagementApiKey.HeaderName} header does not hold this authority's management API key");
        }

        return next(context);
    }

    private static ValueTask<object?> Unauthorized(HttpContext http, string reason)
    {
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ManagementApiKey.HeaderName}\"";
        return ValueTask.FromResult<object?>(Results.Json(new JsonObject { ["error"] = "unauthorized", ["reason"] = reason }, statusCode: StatusCodes.Status401Unauthorized));
    }
}
