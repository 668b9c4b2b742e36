using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Demo;

/// <summary>
/// <c>dataspace demo</c>: an authority, a provider and a consumer connector on this machine, authenticating each other with
/// DCP; publishes a CSV under a members-only policy, then walks through membership credentials, catalog, negotiation,
/// agreement, pull transfer and download, timing each step.
/// </summary>
internal static class DemoCommand
{
    public const string Title = "City air quality";
    public const string DataspaceName = "demo";
    public const string MembersPolicyJson = """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use", "constraint": [{"leftOperand": "claim:MembershipCredential.dataspace", "operator": "eq", "rightOperand": "demo"}]}]}""";

    private const string AssetId = "city-air-quality";
    private const string FileName = AssetId + ".csv";
    private const string PolicyId = "members-only";
    private const string OfferId = AssetId + "-offer";
    private const string Csv = "station,date,pm25,no2\nCentre,2026-11-01,12.4,31\nHarbour,2026-11-01,9.8,22\nPark,2026-11-01,6.1,14\n";
    private const string CatalogRequest = """{"@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "CatalogRequestMessage", "filter": []}""";
    private const int Steps = 9;

    /// <summary>What the demo publishes; the commands it prints at the end publish the same.</summary>
    internal static readonly DemoPublication Publication = new(AssetId, Title, FileName, Csv, PolicyId, MembersPolicyJson, OfferId, DataspaceName);
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
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string: both connectors keep their state in this database, each in a schema made for this run and dropped at the end. Default: each connector's embedded SQLite database",
        };
        var evidence = new Option<string?>("--evidence")
        {
            Description = "Folder to write the provider's evidence bundle for the demo's agreement into (DIR/agreement.bundle), once the consumer has co-signed the checkpoint covering it; check it with 'dataspace audit verify DIR/agreement.bundle'",
        };
        var scenario = new Option<string>("--scenario")
        {
            Description = "share: a provider shares a CSV file with a consumer (default); psi: a bank and a telecom find their common customers with private set intersection; dp: three hospitals answer a count query with secure sum and differential privacy",
            DefaultValueFactory = _ => "share",
        };
        scenario.AcceptOnlyFromAmong("share", "psi", "dp");
        var command = new Command("demo", "Start a data-space authority, a provider and a consumer connector on this machine and share a CSV file between members: credentials, catalog, negotiation, agreement, transfer, download.");
        command.Options.Add(pluginsDir);
        command.Options.Add(timeout);
        command.Options.Add(postgres);
        command.Options.Add(evidence);
        command.Options.Add(scenario);
        command.SetAction(async (result, cancellationToken) =>
        {
            var plugins = result.GetValue(pluginsDir) is { } dir ? Path.GetFullPath(dir) : null;
            if (plugins is not null && !Directory.Exists(plugins))
            {
                throw new CliException($"--plugins-dir {plugins} does not exist");
            }

            var limit = TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout)));
            var chosen = result.GetValue(scenario);
            if (chosen != "share" && (result.GetValue(postgres) is not null || result.GetValue(evidence) is not null))
            {
                throw new CliException($"--postgres and --evidence belong to the 'share' scenario, not '{chosen}'");
            }

            switch (chosen)
            {
                case "psi":
                    return await ComputeDemo.RunPsiAsync(result.InvocationConfiguration.Output, plugins, limit, cancellationToken).ConfigureAwait(false);
                case "dp":
                    return await ComputeDemo.RunDpAsync(result.InvocationConfiguration.Output, plugins, limit, cancellationToken).ConfigureAwait(false);
            }

            var database = result.GetValue(postgres) is { } connectionString
                ? await DemoPostgres.ConnectAsync(connectionString, cancellationToken).ConfigureAwait(false)
                : null;
            var evidenceDir = result.GetValue(evidence) is { } folder ? Path.GetFullPath(folder) : null;
            return await RunAsync(result.InvocationConfiguration.Output, plugins, database, limit, evidenceDir, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, string? plugins, DemoPostgres? postgres, TimeSpan wait, string? evidence, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Dataspace demo: an authority admits two connectors to a data space; they share a CSV file under a members-only policy, authenticating each other with DCP.").ConfigureAwait(false);
        await output.WriteLineAsync("").ConfigureAwait(false);
        var steps = new DemoSteps(output, evidence is null ? Steps : Steps + 1);
        var space = await steps.RunAsync("Start a data-space authority", async ct =>
        {
            var started = await LocalDataspace.StartAuthorityAsync(ct).ConfigureAwait(false);
            return (started, (IReadOnlyList<string>)[
                $"authority {started.Authority.Did} at {started.Authority.BaseAddress} (data in {started.Authority.DataDirectory})",
                $"it serves its DID document and the status lists of the credentials it issues"]);
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunInAsync(space, output, steps, plugins, postgres, wait, evidence, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await space.DisposeAsync().ConfigureAwait(false);
            if (space.CleanupProblem is { } problem)
            {
                await output.WriteLineAsync($"Note: {problem}").ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> RunInAsync(LocalDataspace space, TextWriter output, DemoSteps steps, string? plugins, DemoPostgres? postgres, TimeSpan wait, string? evidence, CancellationToken cancellationToken)
    {
        await steps.RunAsync("Start a provider and a consumer connector", async ct =>
        {
            await space.StartConnectorsAsync(plugins, postgres, ct).ConfigureAwait(false);
            var lines = new List<string>
            {
                $"provider {space.ProviderDid} at {space.Provider.BaseAddress} (data in {space.Provider.DataDirectory})",
                $"consumer {space.ConsumerDid} at {space.Consumer.BaseAddress} (data in {space.Consumer.DataDirectory})",
                $"each has its own key (keys/, encrypted) and trusts the authority for {LocalDataspace.CredentialType} (trust-anchors.json)",
                "every DSP call carries a DCP Self-Issued ID token; the callee reads the caller's credentials from the caller's Credential Service",
            };
            if (postgres is not null)
            {
                lines.Add($"storage: PostgreSQL {postgres.Describe}, schema {postgres.ProviderSchema} (provider) and {postgres.ConsumerSchema} (consumer), dropped at the end");
            }

            return (true, (IReadOnlyList<string>)lines);
        }, cancellationToken).ConfigureAwait(false);
        var provider = space.Provider.Client;
        var consumer = space.Consumer.Client;

        await steps.RunAsync("Issue membership credentials", async ct =>
        {
            var lines = new List<string>();
            foreach (var (name, did, client) in new[] { ("provider", space.ProviderDid, provider), ("consumer", space.ConsumerDid, consumer) })
            {
                var (jwt, id) = await space.Authority.IssueAsync(did, LocalDataspace.CredentialType, new JsonObject { ["dataspace"] = DataspaceName }, ct).ConfigureAwait(false);
                var held = await client.ImportCredentialAsync(jwt, ct).ConfigureAwait(false);
                if (held.State != "Valid")
                {
                    throw new CliException($"the {name}'s wallet holds credential {id} as {held.State}: {held.Reason ?? "no reason given"}");
                }

                lines.Add($"authority issued membership credential {id} to {did} (dataspace={DataspaceName}); in the {name}'s wallet: {held.State}");
            }

            return (true, (IReadOnlyList<string>)lines);
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("Publish a dataset on the provider", async ct =>
        {
            Directory.CreateDirectory(space.Provider.Files);
            await File.WriteAllTextAsync(Path.Combine(space.Provider.Files, FileName), Csv, ct).ConfigureAwait(false);
            await provider.CreateAssetAsync(new AssetInput(AssetId, new JsonObject { ["title"] = Title }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = FileName })), ct).ConfigureAwait(false);
            await provider.CreatePolicyAsync(new PolicyInput(PolicyId, (JsonObject)JsonNode.Parse(MembersPolicyJson)!), ct).ConfigureAwait(false);
            await provider.CreateOfferAsync(new OfferInput(OfferId, AssetId, PolicyId, PolicyId), ct).ConfigureAwait(false);
            return (true, (IReadOnlyList<string>)[
                $"asset '{AssetId}': {FileName} ({Encoding.UTF8.GetByteCount(Csv)} bytes) in the filesystem plugin's folder",
                $"policy '{PolicyId}': only members of data space '{DataspaceName}' (claim {LocalDataspace.CredentialType}.dataspace) may see and use it",
                $"offer '{OfferId}': the asset under that policy"]);
        }, cancellationToken).ConfigureAwait(false);

        var dataset = await steps.RunAsync("Fetch the provider's catalog (consumer)", async ct =>
        {
            var refusal = await AnonymousCatalogRequestAsync(space.Provider, ct).ConfigureAwait(false);
            var catalog = await consumer.RequestCatalogAsync(space.Provider.Dsp, space.ProviderDid, ct).ConfigureAwait(false);
            var found = catalog.Datasets.FirstOrDefault(d => d.Id == AssetId)
                ?? throw new CliException($"the provider's catalog does not show dataset '{AssetId}' to {space.ConsumerDid} (it shows {catalog.Datasets.Count} datasets): the membership credential was not accepted");
            return (found, (IReadOnlyList<string>)[
                $"the provider verified {space.ConsumerDid} and its membership credential over DCP, so it shows the members-only offer",
                $"dataset '{found.Id}' with offer(s) {string.Join(", ", found.Offers.Select(o => o.Id))}",
                $"transfer types: {(found.TransferTypes.Count == 0 ? "(none)" : string.Join(", ", found.TransferTypes))}",
                $"the same request without a DCP token: {refusal}"]);
        }, cancellationToken).ConfigureAwait(false);

        var negotiation = await steps.RunAsync("Negotiate a contract for the offer (consumer)", async ct =>
        {
            var started = await consumer.StartNegotiationAsync(space.Provider.Dsp, OfferId, space.ProviderDid, ct).ConfigureAwait(false);
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
            if (evidence is not null)
            {
                await DemoEvidence.WriteAsync(steps, space, agreement.Id, evidence, wait, cancellationToken).ConfigureAwait(false);
            }

            await DemoInstructions.WriteAsync(output, Publication).ConfigureAwait(false);
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

        if (evidence is not null)
        {
            await DemoEvidence.WriteAsync(steps, space, agreement.Id, evidence, wait, cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync("").ConfigureAwait(false);
        await output.WriteLineAsync("Done: the consumer holds the provider's data under a signed agreement, and every DSP call between them was authenticated with DCP.").ConfigureAwait(false);
        await DemoInstructions.WriteAsync(output, Publication).ConfigureAwait(false);
        return 0;
    }

    /// <summary>A catalog request without a token, as a stranger would send it: the provider must refuse it (DSP: 401 with a CatalogError).</summary>
    private static async Task<string> AnonymousCatalogRequestAsync(LocalConnector provider, CancellationToken cancellationToken)
    {
        using var content = new StringContent(CatalogRequest, Encoding.UTF8, "application/json");
        using var response = await provider.Http.PostAsync(new Uri(provider.Dsp + "/catalog/request"), content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new CliException($"the provider answered a catalog request without a DCP token with {(int)response.StatusCode} instead of refusing it");
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var reason = JsonNode.Parse(body)?["reason"]?[0]?.GetValue<string>() ?? body;
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return $"refused, {(int)response.StatusCode} ({(colon > 0 ? reason[..colon] : reason)})";
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
