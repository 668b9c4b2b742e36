using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>Puts the public data endpoint in front of the connector's pipeline: it carries its own (token) authentication.</summary>
internal sealed class PullEndpointStartupFilter : IStartupFilter
{
    private readonly HttpTransportOptions _options;

    public PullEndpointStartupFilter(HttpTransportOptions options) => _options = options;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var endpoint = app.ApplicationServices.GetRequiredService<PullEndpoint>();
        app.Map(_options.PublicPath, branch => branch.Run(endpoint.HandleAsync));
        next(app);
    };
}
