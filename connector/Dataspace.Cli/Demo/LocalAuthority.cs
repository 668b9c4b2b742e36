using System.Text.Json.Nodes;
using Dataspace.Connector.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Issuance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Demo;

/// <summary>
/// A data-space authority in this process: a did:web identity on 127.0.0.1 serving its DID document and status lists,
/// issuing credentials that connectors trusting it verify.
/// </summary>
internal sealed class LocalAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalAuthority(WebApplication app, string did, string baseAddress, string dataDirectory)
    {
        _app = app;
        Did = did;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public string Did { get; }

    public string BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>Starts the authority on <paramref name="port"/>; its keys are encrypted with <paramref name="secret"/> in <paramref name="dataDirectory"/>.</summary>
    public static async Task<LocalAuthority> StartAsync(string dataDirectory, int port, string secret, CancellationToken cancellationToken)
    {
        var baseAddress = LocalDataspace.Url(port);
        var did = LocalDataspace.DidFor(port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseAddress);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Identity:KeyStoreSecret"] = secret,
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:PublicUrl"] = baseAddress,
        });
        builder.Services.AddConnectorIdentity(builder.Configuration);
        builder.Services.AddConnectorAuthority(builder.Configuration);
        var app = builder.Build();
        app.MapDidDocument();
        app.MapStatusLists();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new LocalAuthority(app, did, baseAddress, dataDirectory);
    }

    /// <summary>Issues a credential of <paramref name="type"/> with <paramref name="claims"/> to <paramref name="subjectDid"/>; returns the JWT and its id.</summary>
    public async Task<(string Jwt, string Id)> IssueAsync(string subjectDid, string type, JsonObject claims, CancellationToken cancellationToken)
    {
        var (jwt, record) = await _app.Services.GetRequiredService<CredentialAuthority>().IssueAsync(
            new CredentialRequest { SubjectDid = subjectDid, Type = type, Claims = claims, Profile = CredentialProfile.Vc20BitstringStatusList }, cancellationToken).ConfigureAwait(false);
        return (jwt, record.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
