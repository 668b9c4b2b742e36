using Dataspace.Connector.Audit;
using Dataspace.Connector.Hosting;
using Dataspace.Connector.Identity;
using Dataspace.Connector.Identity.Dsp;
using Dataspace.Connector.Identity.FederatedCatalog;
using Dataspace.Connector.Identity.Join;
using Dataspace.Connector.Identity.Products;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Host;

/// <summary>Adds the connector's DCP identity: key store, wallet, DID document, Credential Service and DCP authentication of DSP calls.</summary>
internal static class DcpIdentityConnectorBuilderExtensions
{
    /// <summary>
    /// Adds the identity services bound to <c>Connector:Identity</c> (and the credential authority when a public URL is
    /// set), and replaces the static DSP tokens with DCP. <paramref name="did"/> comes from
    /// <see cref="ConnectorIdentitySetup.PrepareAsync"/>.
    /// </summary>
    public static IConnectorBuilder AddDcpIdentity(this IConnectorBuilder connector, string did)
    {
        ArgumentException.ThrowIfNullOrEmpty(did);
        var services = connector.Services;
        var before = services.Count;
        services.AddConnectorIdentity(connector.Configuration);
        if (connector.Configuration[ConnectorIdentityOptions.Section + ":" + nameof(ConnectorIdentityOptions.PublicUrl)] is { Length: > 0 })
        {
            services.AddConnectorAuthority(connector.Configuration);
        }

        // Hosted services start in registration order: the identity must be loaded before the protocol worker (added by
        // the engine) sends anything, so identity's hosted services move ahead of every one registered before them.
        var identityHosted = services.Skip(before).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        var first = services.Take(before).ToList().FindIndex(d => d.ServiceType == typeof(IHostedService));
        if (first >= 0)
        {
            foreach (var (descriptor, offset) in identityHosted.Select((d, i) => (d, i)))
            {
                services.Remove(descriptor);
                services.Insert(first + offset, descriptor);
            }
        }

        services.AddDcpDspAuthentication();
        services.AddRegistryMemberDirectory();

        // With a DID key the connector co-signs its counter-parties' checkpoints and has its own co-signed.
        services.AddAuditWitness();
        return connector;
    }

    /// <summary>Maps the DID document, Credential Service, dspace-trust, status lists, and the identity management API behind the API key.</summary>
    public static WebApplication MapDcpIdentity(this WebApplication app, RouteGroupBuilder management, string did)
    {
        var identity = app.Services.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value;
        var documentPath = Dataspace.Identity.Dids.DidWeb.TryGetDocumentUrl(did, useHttp: false, out var url, out _) ? url.AbsolutePath : "/.well-known/did.json";
        app.MapDidDocument(documentPath);
        app.MapCredentialService(identity.CredentialServicePath);
        app.MapCredentialStorage(identity.CredentialServicePath);
        app.MapDspaceTrust();
        if (identity.PublicUrl is not null)
        {
            app.MapStatusLists();
        }

        management.MapIdentityManagement("/identity").MapJoinManagement();
        management.MapProductRegistration();
        return app;
    }
}
