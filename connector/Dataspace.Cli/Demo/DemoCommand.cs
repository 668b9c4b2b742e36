using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Demo;

/// <summary>
/// <c>dataspace demo</c>: a provider and a consumer connector on this machine; publishes a CSV under a policy, then walks
/// through catalog, negotiation, agreement, pull transfer and download, timing each step.
/// </summary>
internal static class DemoCommand
{
    public const string Title = "City air quality";
    public const string OpenPolicyJson = """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use"}]}""";

    private const string AssetId = "city-air-quality";
    private const string FileName = AssetId + ".csv";
    private const string PolicyId = "open-use";
    private const string OfferId = AssetId + "-offer";
    private const string Csv = "station,date,pm25,no2\nCentre,2026-11-01,12.4,31\nHarbour,2026-11-01,9.8,22\nPark,2026-11-01,6.1,14\n";
    private const int Steps = 7;
    private const string HttpTransportPluginId = "dataspace.transport.http";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static Command Create()
    {
        var pluginsDir = new Option<string?>("--plugins-dir") { Description = "Folder with the plugins both connectors load. Default: plugins beside the executable" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds each waiting step (negotiation, transfer start) may take. Default: 60",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("demo", "Start a provider and a consumer connector on this machine and share a CSV file between them: catalog, negotiation, agreement, transfer, download.");
        command.Options.Add(pluginsDir);
        command.Options.Add(timeout);
        command.SetAction(async (result, cancellationToken) =>
        {
            var plugins = result.GetValue(pluginsDir) is { } dir ? Path.GetFullPath(dir) : null;
            if (plugins is not null && !Directory.Exists(plugins))
            {
                throw new CliException($"--plugins-dir {plugins} does not exist");
            }

            return await RunAsync(result.InvocationConfiguration.Output, plugins, TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, string? plugins, TimeSpan wait, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Dataspace demo: two connectors on this machine share a CSV file under a usage policy.").ConfigureAwait(false);
        await output.WriteLineAsync("").ConfigureAwait(false);
        var steps = new DemoSteps(output, Steps);
        var pair = await steps.RunAsync("Start a provider and a consumer connector", async ct =>
        {
            var started = await LocalConnectorPair.StartAsync(plugins, ct).ConfigureAwait(false);
            return (started, (IReadOnlyList<string>)[
                $"provider {LocalConnectorPair.ProviderId} at {started.Provider.BaseAddress} (data in {started.Provider.DataDirectory})",
                $"consumer {LocalConnectorPair.ConsumerId} at {started.Consumer.BaseAddress} (data in {started.Consumer.DataDirectory})",
                "they recognise each other by static DSP tokens"]);
        }, cancellationToken).ConfigureAwait(false);
        await using (pair.ConfigureAwait(false))
        {
            var provider = pair.Provider.Client;
            var consumer = pair.Consumer.Client;
            await steps.RunAsync("Publish a dataset on the provider", async ct =>
            {
                Directory.CreateDirectory(pair.Provider.Files);
                await File.WriteAllTextAsync(Path.Combine(pair.Provider.Files, FileName), Csv, ct).ConfigureAwait(false);
                await provider.CreateAssetAsync(new AssetInput(AssetId, new JsonObject { ["title"] = Title }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = FileName })), ct).ConfigureAwait(false);
                await provider.CreatePolicyAsync(new PolicyInput(PolicyId, (JsonObject)JsonNode.Parse(OpenPolicyJson)!), ct).ConfigureAwait(false);
                await provider.CreateOfferAsync(new OfferInput(OfferId, AssetId, PolicyId, PolicyId), ct).ConfigureAwait(false);
                return (true, (IReadOnlyList<string>)[
                    $"asset '{AssetId}': {FileName} ({Encoding.UTF8.GetByteCount(Csv)} bytes) in the filesystem plugin's folder",
                    $"policy '{PolicyId}': anyone may use it",
                    $"offer '{OfferId}': the asset under that policy"]);
            }, cancellationToken).ConfigureAwait(false);

            var dataset = await steps.RunAsync("Fetch the provider's catalog (consumer)", async ct =>
            {
                var catalog = await consumer.RequestCatalogAsync(pair.Provider.Dsp, cancellationToken: ct).ConfigureAwait(false);
                var found = catalog.Datasets.FirstOrDefault(d => d.Id == AssetId)
                    ?? throw new CliException($"the provider's catalog does not show dataset '{AssetId}' (it shows {catalog.Datasets.Count} datasets)");
                return (found, (IReadOnlyList<string>)[
                    $"dataset '{found.Id}' with offer(s) {string.Join(", ", found.Offers.Select(o => o.Id))}",
                    $"transfer types: {(found.TransferTypes.Count == 0 ? "(none)" : string.Join(", ", found.TransferTypes))}"]);
            }, cancellationToken).ConfigureAwait(false);

            var negotiation = await steps.RunAsync("Negotiate a contract for the offer (consumer)", async ct =>
            {
                var started = await consumer.StartNegotiationAsync(pair.Provider.Dsp, OfferId, cancellationToken: ct).ConfigureAwait(false);
                var ended = await WaitAsync(t => consumer.WaitForNegotiationAsync(started.Id, Poll, t), wait, ct).ConfigureAwait(false);
                if (ended.State != NegotiationStates.Finalized)
                {
                    throw new CliException($"negotiation {ended.Id} was {ended.State}: {ended.Error ?? "no reason given"}");
                }

                return (ended, (IReadOnlyList<string>)[$"negotiation {ended.Id}: {ended.State}"]);
            }, cancellationToken).ConfigureAwait(false);

            var agreement = await steps.RunAsync("Read the agreement", async ct =>
            {
                var signed = await consumer.GetAgreementAsync(negotiation.AgreementId!, ct).ConfigureAwait(false);
                await provider.GetAgreementAsync(signed.Id, ct).ConfigureAwait(false);
                return (signed, (IReadOnlyList<string>)[
                    $"agreement {signed.Id}",
                    $"{signed.ProviderId} lets {signed.ConsumerId} use '{signed.AssetId}'; both connectors hold it"]);
            }, cancellationToken).ConfigureAwait(false);

            if (!dataset.TransferTypes.Contains(TransferTypes.HttpPull, StringComparer.Ordinal))
            {
                var loaded = await provider.ListPluginsAsync(cancellationToken).ConfigureAwait(false);
                if (loaded.Any(p => p.Id == HttpTransportPluginId && p.Status == "loaded"))
                {
                    throw new CliException($"the HTTP transport plugin is loaded, yet the provider's catalog offers no {TransferTypes.HttpPull} transfer for '{AssetId}' (transfer types: {string.Join(", ", dataset.TransferTypes)})");
                }

                await output.WriteLineAsync("").ConfigureAwait(false);
                await output.WriteLineAsync($"The demo stops after the agreement: the provider offers no {TransferTypes.HttpPull} transfer because the HTTP transport plugin ({HttpTransportPluginId}) is not loaded. Install it in the plugins folder to pull the data.").ConfigureAwait(false);
                await DemoInstructions.WriteAsync(output, AssetId, FileName, Csv, PolicyId, OfferId).ConfigureAwait(false);
                return 0;
            }

            var transfer = await steps.RunAsync("Start a pull transfer (consumer)", async ct =>
            {
                var requested = await consumer.StartTransferAsync(new TransferRequest(agreement.Id, TransferTypes.HttpPull), ct).ConfigureAwait(false);
                var running = await WaitAsync(t => consumer.WaitForTransferAsync(requested.Id, [TransferStates.Started], Poll, t), wait, ct).ConfigureAwait(false);
                if (running.State != TransferStates.Started)
                {
                    throw new CliException($"transfer {running.Id} ended {running.State}: {running.Error ?? "no reason given"}");
                }

                var edr = await consumer.GetEndpointDataReferenceAsync(running.Id, ct).ConfigureAwait(false);
                return (running, (IReadOnlyList<string>)[$"transfer {running.Id}: {running.State}", $"pull endpoint {edr.Endpoint} (short-lived {edr.AuthType ?? "token"})"]);
            }, cancellationToken).ConfigureAwait(false);

            await steps.RunAsync("Download the data and complete the transfer (consumer)", async ct =>
            {
                using var buffer = new MemoryStream();
                var bytes = await consumer.DownloadTransferDataAsync(transfer.Id, buffer, ct).ConfigureAwait(false);
                var text = Encoding.UTF8.GetString(buffer.ToArray());
                if (!string.Equals(text, Csv, StringComparison.Ordinal))
                {
                    throw new CliException($"the downloaded {bytes} bytes differ from the provider's {Encoding.UTF8.GetByteCount(Csv)}-byte file");
                }

                var completed = await consumer.CompleteTransferAsync(transfer.Id, ct).ConfigureAwait(false);
                var lines = new List<string> { $"{bytes} bytes, identical to the provider's file; transfer {completed.State}" };
                lines.AddRange(text.TrimEnd('\n').Split('\n').Select(l => "  " + l));
                return (bytes, (IReadOnlyList<string>)lines);
            }, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("").ConfigureAwait(false);
            await output.WriteLineAsync("Done: the consumer holds the provider's data under a signed agreement.").ConfigureAwait(false);
            await DemoInstructions.WriteAsync(output, AssetId, FileName, Csv, PolicyId, OfferId).ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T>> wait, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            return await wait(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"it did not finish within {limit.TotalSeconds:0} s");
        }
    }
}
