using System.CommandLine;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace search QUERY [--subspace S]</c>: datasets of the whole data space, from the connector's federated catalog.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var query = new Argument<string>("QUERY") { Description = "Words to find in titles, descriptions and keywords (each as a prefix); \"\" for any" };
        var subspace = new Option<string?>("--subspace") { Description = "Only members of this subspace" };
        var provider = new Option<string?>("--provider") { Description = "Only this provider (its DID)" };
        var classification = new Option<string?>("--classification") { Description = "Only this classification level" };
        var mediaType = new Option<string?>("--media-type") { Description = "Only datasets with this media type" };
        var transferType = new Option<string?>("--transfer-type") { Description = "Only datasets offered with this transfer type, e.g. HttpData-PULL" };
        var policy = new Option<string?>("--policy") { Description = "Only offers whose policy has this feature: aggregate-only, open, constrained, constraint:NAME, action:NAME, prohibition:NAME, duty:NAME" };
        var registered = new Option<bool>("--registered") { Description = "Only datasets with a verified data-product registration record" };
        var offset = new Option<int?>("--offset") { Description = "Results to skip" };
        var limit = new Option<int?>("--limit") { Description = "Results per page (1 to 200; default 20)" };
        var refresh = new Option<bool>("--refresh") { Description = "Crawl the members' catalogs first (otherwise the index is as of the last periodic crawl)" };
        var command = new Command("search", "Search the data space: the datasets the connector's federated catalog crawled from the members' catalogs.");
        command.Arguments.Add(query);
        foreach (var option in new Option[] { subspace, provider, classification, mediaType, transferType, policy, registered, offset, limit, refresh })
        {
            command.Options.Add(option);
        }

        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            if (result.GetValue(refresh))
            {
                var crawl = await client.CrawlAsync(ct).ConfigureAwait(false);
                await ReportCrawlAsync(result.GetValue(shared.Json) ? result.InvocationConfiguration.Error : output, crawl).ConfigureAwait(false);
            }

            var filter = new SearchFilter
            {
                Subspace = result.GetValue(subspace),
                Provider = result.GetValue(provider),
                Classification = result.GetValue(classification),
                MediaType = result.GetValue(mediaType),
                TransferType = result.GetValue(transferType),
                PolicyFeature = result.GetValue(policy),
                Registered = result.GetValue(registered) ? true : null,
            };
            var found = await client.SearchAsync(result.GetValue(query), filter, result.GetValue(offset), result.GetValue(limit), ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, found).ConfigureAwait(false);
                return 0;
            }

            var rows = found.Items.SelectMany(r => (r.Offers.Count == 0 ? [(string?)null] : r.Offers.Select(o => (string?)o.Id)).Select(offer =>
                (IReadOnlyList<string?>)[r.Title ?? r.DatasetId, r.Provider, offer, r.RegistrationNumber ?? "-", string.Join(",", r.TransferTypes), string.Join(",", r.PolicyFeatures.Where(f => !f.Contains(':', StringComparison.Ordinal))), r.DspEndpoint]));
            await ConsoleTable.WriteAsync(output, ["TITLE", "PROVIDER", "OFFER", "REGISTRATION", "TRANSFER TYPES", "POLICY", "DSP ENDPOINT"], rows, "  (nothing found; the federated catalog holds what the connector's crawler has read)").ConfigureAwait(false);
            if (found.NextOffset is { } next)
            {
                await output.WriteLineAsync($"More results: --offset {next}").ConfigureAwait(false);
            }

            await output.WriteLineAsync("Negotiate a result: dataspace negotiate --from PROVIDER_DID --offer OFFER once joined to the data space, else --from DSP_ENDPOINT --counter-party-id PROVIDER_DID (--json shows them)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    // With --json the crawl goes to stderr, so stdout stays one JSON document.
    private static async Task ReportCrawlAsync(TextWriter writer, CrawlSummary crawl)
    {
        if (crawl.DirectoryError is { } error)
        {
            await writer.WriteLineAsync($"Refresh: the member directory could not be read ({error}); searching the index as it was").ConfigureAwait(false);
            return;
        }

        var backingOff = crawl.BackingOff > 0 ? $", {crawl.BackingOff} waiting out a back-off after a failure" : "";
        await writer.WriteLineAsync($"Refreshed: {crawl.Members} members, {crawl.Changed} changed, {crawl.Unchanged} unchanged, {crawl.Failed.Count} failed{backingOff}, {crawl.Removed} removed").ConfigureAwait(false);
        foreach (var failed in crawl.Failed)
        {
            await writer.WriteLineAsync($"  {failed.Did}: {failed.Reason}").ConfigureAwait(false);
        }

        foreach (var ignored in crawl.IgnoredRegistrations)
        {
            await writer.WriteLineAsync($"  registration record of {ignored.DatasetId} ({ignored.Provider}) ignored: {ignored.Reason}").ConfigureAwait(false);
        }
    }
}
