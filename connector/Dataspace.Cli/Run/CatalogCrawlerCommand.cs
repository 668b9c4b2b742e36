using System.CommandLine;
using System.Globalization;

namespace Dataspace.Cli.Run;

/// <summary>
/// <c>dataspace catalog-crawler</c>: the federated catalog as a role of its own: a connector process (its own identity,
/// data folder and management API) that crawls the members' catalogs every period and serves search, publishing nothing.
/// </summary>
internal static class CatalogCrawlerCommand
{
    public const int DefaultPort = 8484;

    public static Command Create()
    {
        var shared = new ConnectorOptionsCli();
        var port = new Option<int?>("--port") { Description = $"HTTP port (0 picks a free one). Default: {DefaultPort}" };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on. Default: 127.0.0.1" };
        var registry = new Option<string?>("--registry") { Description = "The authority whose participant registry lists the members (needs a DCP identity)" };
        var membersFile = new Option<string?>("--members-file") { Description = "A JSON file of members ([{\"did\", \"name\", \"dspEndpoint\", \"subspaces\", \"status\"}]), read before every crawl; relative to the data folder" };
        var period = new Option<TimeSpan?>("--period") { Description = "From the start of one crawl to the next. Default: 00:01:00" };
        var command = new Command("catalog-crawler", "Run the federated catalog on its own: crawl the data space's members' catalogs every period and serve search (GET /api/management/v1/federated-catalog/search, dataspace search).");
        shared.AddTo(command);
        foreach (var option in new Option[] { port, bind, registry, membersFile, period })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var overrides = shared.Overrides(result);
            overrides["Connector:Port"] = (result.GetValue(port) ?? DefaultPort).ToString(CultureInfo.InvariantCulture);
            overrides["Connector:FederatedCatalog:Enabled"] = "true";
            if (result.GetValue(bind) is { } b)
            {
                overrides["Connector:BindAddress"] = b;
            }

            if (result.GetValue(registry) is { } r)
            {
                overrides["Connector:FederatedCatalog:Registry"] = r;
            }

            if (result.GetValue(membersFile) is { } f)
            {
                overrides["Connector:FederatedCatalog:MembersFile"] = f;
            }

            if (result.GetValue(period) is { } p)
            {
                overrides["Connector:FederatedCatalog:Period"] = p.ToString("c", CultureInfo.InvariantCulture);
            }

            return await shared.RunHostAsync(result, overrides, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
