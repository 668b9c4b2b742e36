using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>The registration centre's data-product registration (数据产品登记): members register datasets and read their registrations.</summary>
internal static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductRegistration(this IEndpointRouteBuilder app)
    {
        app.MapPost("/registration/products", async (HttpContext context, RegistrationCentre centre) =>
        {
            var (did, body, error) = await RegistrationEndpoints.AuthenticatedBodyAsync(context, centre).ConfigureAwait(false);
            if (error is not null)
            {
                return RegistrationEndpoints.Error(error);
            }

            using (body)
            {
                var (product, refused) = await centre.RegisterProductAsync(body!.RootElement, did!, context.RequestAborted).ConfigureAwait(false);
                if (refused is not null)
                {
                    return RegistrationEndpoints.Error(refused);
                }

                context.Response.Headers.Location = "/registration/products/" + product!.Number;
                return Results.Json(RegistrationCentre.ProductJson(product), statusCode: 201);
            }
        });
        app.MapGet("/registration/products/{number}", async (string number, HttpContext context, RegistrationCentre centre) =>
        {
            var (did, error) = await centre.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted).ConfigureAwait(false);
            if (error is not null)
            {
                return RegistrationEndpoints.Error(error);
            }

            // Another member's registration reads as absent: numbers tell nothing about others (verifiers read the record in the catalog).
            var product = await centre.Store.GetProductAsync(number, context.RequestAborted).ConfigureAwait(false);
            return product is null || product.ProviderDid != did
                ? RegistrationEndpoints.Error(new RegistrationError(404, "not-found", $"you have no data product registration '{number}'"))
                : Results.Json(RegistrationCentre.ProductJson(product));
        });
        return app;
    }
}
