using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity.Products;

/// <summary>Maps data-product registration on the management API.</summary>
public static class ProductRegistrationEndpoints
{
    private const int MaxBody = 64 * 1024;

    /// <summary>
    /// Maps <c>POST {management}/assets/{id}/registration</c> (<c>{"owner", "source", "classification", "updateFrequency",
    /// "legalBasis"}</c>): registers the asset with the joined authority and stores the signed record with it.
    /// </summary>
    public static RouteGroupBuilder MapProductRegistration(this RouteGroupBuilder management)
    {
        ArgumentNullException.ThrowIfNull(management);
        management.MapPost("/assets/{id}/registration", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            if (request.ContentLength > MaxBody)
            {
                return Problem(413, $"the body has {request.ContentLength} bytes; at most {MaxBody} are accepted");
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBody)
                {
                    return Problem(413, $"the body exceeds {MaxBody} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            }
            catch (JsonException e)
            {
                return Problem(400, $"the body is not JSON: {e.Message}");
            }

            using (document)
            {
                try
                {
                    var service = request.HttpContext.RequestServices.GetRequiredService<ProductRegistrationService>();
                    return Results.Json(await service.RegisterAsync(id, document.RootElement, ct).ConfigureAwait(false), statusCode: 201);
                }
                catch (ProductRegistrationException e)
                {
                    return Problem(e.Status, e.Message);
                }
            }
        }).WithTags("Assets").WithName("registerDataProduct")
          .WithSummary("Registers the asset as a data product (数据产品登记) with the authority this connector joined: owner, source, classification (core, important, general), update frequency (EU frequency vocabulary) and legal basis. The signed registration record is stored with the asset; its catalog dataset carries it.");
        return management;
    }

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);
}
