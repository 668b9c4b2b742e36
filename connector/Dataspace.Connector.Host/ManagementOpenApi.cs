using Dataspace.Connector.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Dataspace.Connector.Host;

/// <summary>The OpenAPI document of the management API and its browsable reference.</summary>
internal static class ManagementOpenApi
{
    /// <summary>Adds the management API's OpenAPI document (<c>v1</c>).</summary>
    public static IConnectorBuilder AddManagementOpenApi(this IConnectorBuilder connector)
    {
        connector.Services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/management/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Dataspace Connector management API",
                    Version = "v1",
                    Description = "Plain-JSON API for operating a connector. Every call needs the X-Api-Key header.",
                };
                // Servers depend on how the caller reached us; the checked-in document must not.
                document.Servers?.Clear();
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "The connector's management API key.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return connector;
    }

    /// <summary>Maps the OpenAPI document under <c>/api/management/{documentName}/openapi.json</c> and the API reference under <c>/api/management/docs</c>.</summary>
    public static WebApplication MapManagementOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/api/management/{documentName}/openapi.json");
        app.MapScalarApiReference("/api/management/docs", scalar => scalar
            .WithTitle("Dataspace Connector management API")
            .WithOpenApiRoutePattern("/api/management/{documentName}/openapi.json")
            .AddDocument("v1"));
        return app;
    }
}
