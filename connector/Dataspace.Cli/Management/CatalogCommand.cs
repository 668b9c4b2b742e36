using System.CommandLine;
using System.Text.Json.Nodes;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace catalog --from DSP_URL</c>: another connector's datasets and offers, fetched by the local connector.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var from = new Option<string>("--from") { Description = "The other connector's DSP URL (e.g. http://host:8181/api/dsp), or its DID once this connector joined a data space", Required = true };
        var counterPartyId = CounterPartyIdOption();
        var command = new Command("catalog", "Show another connector's catalog: the datasets and offers it shows your connector.");
        command.Options.Add(from);
        command.Options.Add(counterPartyId);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var catalog = await client.RequestCatalogAsync(result.GetValue(from)!, result.GetValue(counterPartyId), ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, catalog).ConfigureAwait(false);
                return 0;
            }

            await output.WriteLineAsync($"Catalog of {catalog.ParticipantId ?? "(unnamed participant)"} at {catalog.CounterPartyAddress}:").ConfigureAwait(false);
            var rows = catalog.Datasets.SelectMany(d => d.Offers.Count == 0 ? [(d, (Connector.Client.RemoteOffer?)null)] : d.Offers.Select(o => (d, (Connector.Client.RemoteOffer?)o)))
                .Select(x => (IReadOnlyList<string?>)[x.d.Id, x.Item2?.Id, string.Join(",", x.d.TransferTypes), Title(x.d.Properties)]);
            await ConsoleTable.WriteAsync(output, ["DATASET", "OFFER", "TRANSFER TYPES", "TITLE"], rows, "  (no datasets visible to this connector)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    internal static Option<string?> CounterPartyIdOption() => new("--counter-party-id")
    {
        Description = "The other connector's participant id (its DID with DCP identities). Default: the one its catalog names",
    };

    private static string? Title(JsonObject properties) =>
        (properties["dct:title"] ?? properties["title"] ?? properties["http://purl.org/dc/terms/title"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
