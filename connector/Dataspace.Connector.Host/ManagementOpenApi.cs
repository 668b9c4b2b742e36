using Microsoft.OpenApi;

namespace Dataspace.Connector.Host;

/// <summary>The OpenAPI document of the management API.</summary>
internal static class ManagementOpenApi
{
    public static IServiceCollection AddManagementOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
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
}
