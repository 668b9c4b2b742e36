using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Demo;

/// <summary>
/// The compute scenarios of <c>dataspace demo</c>: connectors on loopback negotiate compute offers and run a job with
/// the bundled components over their task channel; the output says what each party learned.
/// </summary>
internal static class ComputeDemo
{
    public const string BankId = "did:web:bank.demo";
    public const string TelecomId = "did:web:telecom.demo";
    public const string AnalystId = "did:web:analyst.demo";
    public static readonly IReadOnlyList<string> HospitalIds = ["did:web:hospital-a.demo", "did:web:hospital-b.demo", "did:web:hospital-c.demo"];

    /// <summary>The telecom's subscribers, offered for PSI.</summary>
    public const string TelecomCsv = "customer_id,plan\nc-1001,prepaid\nc-1002,contract\nc-1005,contract\nc-1008,prepaid\nc-1013,contract\nc-1021,prepaid\nc-1034,contract\n";

    /// <summary>The bank's customers, its own input to the job.</summary>
    public const string BankCsv = "customer_id\nc-1034\nc-1002\nc-1003\nc-1013\nc-1055\n";

    /// <summary>The ε one count query spends and the ε each hospital's agreement allows in all.</summary>
    public const double QueryEpsilon = 0.5;
    public const double BudgetEpsilon = 1.0;

    private const string Dsc = "https://w3id.org/dataspace-connector/policy/";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary><c>--scenario psi</c>: a bank learns which of its customers a telecom also serves, and the telecom learns nothing.</summary>
    public static async Task<int> RunPsiAsync(TextWriter output, string? plugins, TimeSpan wait, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Dataspace demo (PSI): a bank and a telecom find their common customers with private set intersection; neither shows the other its list.").ConfigureAwait(false);
        await output.WriteLineAsync("").ConfigureAwait(false);
        var steps = new DemoSteps(output, 6);
        var group = await steps.RunAsync("Start a bank and a telecom connector", async ct =>
        {
            var started = await LocalConnectorGroup.StartAsync([BankId, TelecomId], plugins, ct).ConfigureAwait(false);
            return (started, (IReadOnlyList<string>)[
                $"bank {BankId} at {started[BankId].BaseAddress} (data in {started[BankId].DataDirectory})",
                $"telecom {TelecomId} at {started[TelecomId].BaseAddress} (data in {started[TelecomId].DataDirectory})",
                "each also listens for compute task channels (gRPC over HTTP/2); DSP calls and channels carry static tokens"]);
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            var bank = group[BankId];
            var telecom = group[TelecomId];
            await steps.RunAsync("Publish the telecom's subscriber list for PSI (telecom)", async ct =>
            {
                var lines = await PublishAsync(telecom, "subscribers", TelecomCsv, PsiPolicy(), ct).ConfigureAwait(false);
                return (true, (IReadOnlyList<string>)[
                    .. lines,
                    "policy: only component psi/ecdh:1, and the consumer may receive the 'intersection' (the common ids and their number), nothing else"]);
            }, cancellationToken).ConfigureAwait(false);

            var agreement = await steps.RunAsync("Negotiate the PSI offer (bank)", ct => NegotiateAsync(bank, telecom, TelecomId, "subscribers-offer", wait, ct), cancellationToken).ConfigureAwait(false);

            var job = await steps.RunAsync("Run psi/ecdh:1 with the bank's customer list (bank)", async ct =>
            {
                var input = await UploadAsync(bank, BankCsv, ct).ConfigureAwait(false);
                var proposed = await bank.Client.ProposeComputeJobAsync(Job(
                    TaskJson("psi/ecdh:1", new JsonObject { ["mode"] = "intersection" }, BankId, "intersection",
                        Party(BankId, "receiver", new JsonObject { ["kind"] = "file", ["reference"] = input }),
                        Party(TelecomId, "sender", AssetInput(agreement))),
                    [agreement], telecom), ct).ConfigureAwait(false);
                var ended = await UntilFinalAsync(bank.Client, Text(proposed, "id"), wait, ct).ConfigureAwait(false);
                return (ended, (IReadOnlyList<string>)[
                    $"bank's input: {Rows(BankCsv)} customer ids (uploaded to the bank's own connector only)",
                    $"job {Text(ended, "id")}: proposed to the telecom, approved automatically under agreement {agreement.Id}, {Text(ended, "state")}",
                    "both connectors ran ECDH PSI over their task channel: each saw only the other's ids masked with a key it never learned"]);
            }, cancellationToken).ConfigureAwait(false);

            var id = Text(job, "id");
            await steps.RunAsync("What the bank learned", async ct =>
            {
                var outputs = await bank.Client.GetComputeOutputsAsync(id, ct).ConfigureAwait(false);
                var size = Value(outputs, "intersection_size");
                var table = await ReadTableAsync(bank, id, "intersection", ct).ConfigureAwait(false);
                var common = table.Skip(1).ToList();
                if (size != common.Count.ToString(CultureInfo.InvariantCulture))
                {
                    throw new CliException($"the bank received an intersection of {common.Count} ids but an intersection_size of {size}");
                }

                return (true, (IReadOnlyList<string>)[
                    $"intersection size: {size} (release 'intersection', allowed by the agreement)",
                    $"common customer ids: {string.Join(", ", common)}",
                    $"nothing about the telecom's other {Rows(TelecomCsv) - common.Count} subscribers"]);
            }, cancellationToken).ConfigureAwait(false);

            await steps.RunAsync("What the telecom learned", async ct =>
            {
                var atTelecom = await telecom.Client.GetComputeJobAsync(id, ct).ConfigureAwait(false);
                var outputs = await telecom.Client.GetComputeOutputsAsync(id, ct).ConfigureAwait(false);
                return (true, (IReadOnlyList<string>)[
                    $"job {id}: {Text(atTelecom, "state")}, with {outputs.Count} outputs: the agreement releases nothing to the provider",
                    "neither the bank's customer ids nor which of its own subscribers matched"]);
            }, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("").ConfigureAwait(false);
            await output.WriteLineAsync("Done: the bank knows the customers it shares with the telecom, as their agreement allows; the telecom learned nothing.").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await group.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><c>--scenario dp</c>: three hospitals answer one count query with secure sum and differential privacy.</summary>
    public static async Task<int> RunDpAsync(TextWriter output, string? plugins, TimeSpan wait, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Dataspace demo (DP): three hospitals answer an analyst's count query with secure sum and differential privacy; the analyst sees only the noisy total.").ConfigureAwait(false);
        await output.WriteLineAsync("").ConfigureAwait(false);
        var steps = new DemoSteps(output, 6);
        var group = await steps.RunAsync("Start three hospital connectors and an analyst connector", async ct =>
        {
            var started = await LocalConnectorGroup.StartAsync([AnalystId, .. HospitalIds], plugins, ct).ConfigureAwait(false);
            return (started, (IReadOnlyList<string>)[
                .. started.Participants.Select(p => $"{p} at {started[p].BaseAddress} (data in {started[p].DataDirectory})"),
                "each also listens for compute task channels (gRPC over HTTP/2); DSP calls and channels carry static tokens"]);
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            var analyst = group[AnalystId];
            var tables = HospitalIds.Select((h, i) => (Hospital: h, Csv: Patients(i))).ToList();
            await steps.RunAsync("Publish each hospital's patient table for DP queries (hospitals)", async ct =>
            {
                var lines = new List<string>();
                foreach (var (hospital, csv) in tables)
                {
                    await PublishAsync(group[hospital], "patients", csv, DpPolicy(), ct).ConfigureAwait(false);
                    lines.Add($"{hospital}: asset 'patients' ({Rows(csv)} patients), offer 'patients-offer'");
                }

                lines.Add($"policy: only component stats/dp_query:1, the consumer may receive a 'dp-statistic', privacy budget ε ≤ {Number(BudgetEpsilon)} in all");
                return (true, (IReadOnlyList<string>)lines);
            }, cancellationToken).ConfigureAwait(false);

            var agreements = await steps.RunAsync("Negotiate the three offers (analyst)", async ct =>
            {
                var signed = new List<Agreement>();
                var lines = new List<string>();
                foreach (var hospital in HospitalIds)
                {
                    var (agreement, said) = await NegotiateAsync(analyst, group[hospital], hospital, "patients-offer", wait, ct).ConfigureAwait(false);
                    signed.Add(agreement);
                    lines.AddRange(said);
                }

                return (signed, (IReadOnlyList<string>)lines);
            }, cancellationToken).ConfigureAwait(false);

            var job = await steps.RunAsync("Run one count query with secure sum and DP (analyst)", async ct =>
            {
                var task = TaskJson("stats/dp_query:1", new JsonObject { ["query"] = "count", ["epsilon"] = QueryEpsilon }, AnalystId, "dp-statistic",
                    [Party(AnalystId, "analyst", null), .. agreements.Select(a => Party(a.ProviderId, "provider", AssetInput(a)))]);
                var proposed = await analyst.Client.ProposeComputeJobAsync(Job(task, agreements, null, group), ct).ConfigureAwait(false);
                var ended = await UntilFinalAsync(analyst.Client, Text(proposed, "id"), wait, ct).ConfigureAwait(false);
                return (ended, (IReadOnlyList<string>)[
                    $"job {Text(ended, "id")}: count of patients, ε={Number(QueryEpsilon)} (discrete Laplace), proposed to the three hospitals, approved automatically, {Text(ended, "state")}",
                    "each hospital added its own noise to its count and masked it; the analyst's connector summed the masked counts (secure sum)"]);
            }, cancellationToken).ConfigureAwait(false);

            var id = Text(job, "id");
            await steps.RunAsync("What the analyst learned", async ct =>
            {
                var outputs = await analyst.Client.GetComputeOutputsAsync(id, ct).ConfigureAwait(false);
                var result = JsonNode.Parse(Value(outputs, "result"))?.AsObject() ?? throw new CliException("the analyst's 'result' output is empty");
                var lines = new List<string>
                {
                    $"noisy count: {result["value"]?.ToJsonString()} over {result["providers"]?.ToJsonString()} hospitals (the exact count, {tables.Sum(t => Rows(t.Csv))}, was never released)",
                };
                foreach (var agreement in agreements)
                {
                    var spent = await SpentEpsilonAsync(analyst.Client, agreement.Id, ct).ConfigureAwait(false);
                    lines.Add($"budget left under agreement {agreement.Id} with {agreement.ProviderId}: ε={Number(BudgetEpsilon - spent)} of {Number(BudgetEpsilon)}");
                }

                return (true, (IReadOnlyList<string>)lines);
            }, cancellationToken).ConfigureAwait(false);

            await steps.RunAsync("What the hospitals learned", async ct =>
            {
                var lines = new List<string>();
                foreach (var hospital in HospitalIds)
                {
                    var atHospital = await group[hospital].Client.GetComputeJobAsync(id, ct).ConfigureAwait(false);
                    var outputs = await group[hospital].Client.GetComputeOutputsAsync(id, ct).ConfigureAwait(false);
                    lines.Add($"{hospital}: job {Text(atHospital, "state")}, {outputs.Count} outputs; it spent ε={Number(QueryEpsilon)} of its budget and saw no other hospital's count");
                }

                return (true, (IReadOnlyList<string>)lines);
            }, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("").ConfigureAwait(false);
            await output.WriteLineAsync("Done: the analyst holds one noisy count across three hospitals, within each hospital's privacy budget; no hospital's own count left it in the clear.").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await group.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A hospital's patients: 40, 55 and 70 rows, so the exact total is 165.</summary>
    internal static string Patients(int hospital)
    {
        var csv = new StringBuilder("patient_id,ward\n");
        for (var i = 0; i < 40 + 15 * hospital; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"h{hospital}-{i:000},{(i % 3 == 0 ? "cardiology" : "oncology")}\n");
        }

        return csv.ToString();
    }

    private static async Task<IReadOnlyList<string>> PublishAsync(LocalConnector provider, string assetId, string csv, JsonObject policy, CancellationToken ct)
    {
        Directory.CreateDirectory(provider.Files);
        await File.WriteAllTextAsync(Path.Combine(provider.Files, assetId + ".csv"), csv, ct).ConfigureAwait(false);
        await provider.Client.CreateAssetAsync(new AssetInput(assetId, new JsonObject { ["title"] = assetId }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = assetId + ".csv" })), ct).ConfigureAwait(false);
        await provider.Client.CreatePolicyAsync(new PolicyInput(assetId + "-compute", policy), ct).ConfigureAwait(false);
        await provider.Client.CreateOfferAsync(new OfferInput(assetId + "-offer", assetId, assetId + "-compute", assetId + "-compute"), ct).ConfigureAwait(false);
        return [$"asset '{assetId}': {Rows(csv)} rows, offer '{assetId}-offer' for computation only"];
    }

    private static async Task<(Agreement, IReadOnlyList<string>)> NegotiateAsync(LocalConnector consumer, LocalConnector provider, string providerId, string offerId, TimeSpan wait, CancellationToken ct)
    {
        var started = await consumer.Client.StartNegotiationAsync(provider.Dsp, offerId, providerId, ct).ConfigureAwait(false);
        var ended = await BoundedAsync(t => consumer.Client.WaitForNegotiationAsync(started.Id, Poll, t), wait, ct).ConfigureAwait(false);
        if (ended.State != NegotiationStates.Finalized)
        {
            throw new CliException($"negotiation {ended.Id} with {providerId} was {ended.State}: {ended.Error ?? "no reason given"}");
        }

        var agreement = await consumer.Client.GetAgreementAsync(ended.AgreementId!, ct).ConfigureAwait(false);
        return (agreement, [$"agreement {agreement.Id}: {agreement.ProviderId} lets {agreement.ConsumerId} compute on '{agreement.AssetId}'"]);
    }

    private static async Task<string> UploadAsync(LocalConnector connector, string csv, CancellationToken ct)
    {
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await connector.Client.UploadComputeInputAsync($"{Guid.NewGuid():N}.csv", content, ct).ConfigureAwait(false);
    }

    private static JsonObject Job(JsonObject task, IReadOnlyList<Agreement> agreements, LocalConnector? provider, LocalConnectorGroup? group = null) => new()
    {
        ["tasks"] = new JsonArray(task),
        ["agreements"] = new JsonArray([.. agreements.Select(a => (JsonNode)new JsonObject
        {
            ["providerId"] = a.ProviderId,
            ["agreementId"] = a.Id,
            ["consumerId"] = a.ConsumerId,
            ["providerEndpoint"] = (provider ?? group![a.ProviderId]).Dsp,
        })]),
    };

    private static JsonObject TaskJson(string component, JsonObject attributes, string receiver, string kind, params JsonObject[] parties) => new()
    {
        ["id"] = "task-1",
        ["component"] = component,
        ["attributes"] = attributes,
        ["parties"] = new JsonArray([.. parties]),
        ["releases"] = new JsonObject { [receiver] = new JsonArray(kind) },
    };

    private static JsonObject Party(string participantId, string role, JsonObject? input)
    {
        var party = new JsonObject { ["participantId"] = participantId, ["role"] = role };
        if (input is not null)
        {
            party["input"] = input;
        }

        return party;
    }

    private static JsonObject AssetInput(Agreement agreement) => new() { ["kind"] = "asset", ["reference"] = agreement.AssetId, ["agreementId"] = agreement.Id };

    private static JsonObject PsiPolicy() => Policy(
        Constraint("dsc:computeComponent", "eq", "psi/ecdh:1"),
        Constraint("dsc:consumerRelease", "eq", "intersection"));

    private static JsonObject DpPolicy() => Policy(
        Constraint("dsc:computeComponent", "eq", "stats/dp_query:1"),
        Constraint("dsc:consumerRelease", "eq", "dp-statistic"),
        Constraint("dsc:epsilon", "lteq", BudgetEpsilon));

    private static JsonObject Policy(params JsonObject[] constraints) => new()
    {
        ["@context"] = new JsonArray("http://www.w3.org/ns/odrl.jsonld", new JsonObject { ["dsc"] = Dsc }),
        ["@type"] = "Set",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use", ["constraint"] = new JsonArray([.. constraints]) }),
    };

    private static JsonObject Constraint(string left, string op, JsonNode right) => new() { ["leftOperand"] = left, ["operator"] = op, ["rightOperand"] = right };

    /// <summary>Follows a job until it is final; a job that did not succeed fails the step with its reason.</summary>
    private static async Task<JsonObject> UntilFinalAsync(ManagementClient client, string id, TimeSpan wait, CancellationToken ct)
    {
        var job = await BoundedAsync(async t =>
        {
            while (true)
            {
                var current = await client.GetComputeJobAsync(id, t).ConfigureAwait(false);
                if (Text(current, "state") is "succeeded" or "failed" or "rejected" or "stopped")
                {
                    return current;
                }

                await Task.Delay(Poll, t).ConfigureAwait(false);
            }
        }, wait, ct).ConfigureAwait(false);
        if (Text(job, "state") != "succeeded")
        {
            throw new CliException($"job {id} ended {Text(job, "state")}: {Text(job, "reason")}");
        }

        return job;
    }

    /// <summary>The ε the analyst's succeeded jobs under an agreement asked for: what it knows it has spent.</summary>
    private static async Task<double> SpentEpsilonAsync(ManagementClient client, string agreementId, CancellationToken ct)
    {
        var page = await client.ListComputeJobsAsync(state: "succeeded", agreementId: agreementId, cancellationToken: ct).ConfigureAwait(false);
        return (page["items"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(j => j["tasks"]?.AsArray() ?? [])
            .Sum(t => t?["attributes"]?["epsilon"]?.GetValue<double>() ?? 0);
    }

    private static string Value(JsonArray outputs, string name)
    {
        var found = outputs.OfType<JsonObject>().FirstOrDefault(o => Text(o, "name") == name)
            ?? throw new CliException($"no output '{name}' was received (outputs: {string.Join(", ", outputs.OfType<JsonObject>().Select(o => Text(o, "name")))})");
        return found["content"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : found["content"]?.ToJsonString() ?? "";
    }

    private static async Task<List<string>> ReadTableAsync(LocalConnector connector, string jobId, string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/management/v1/compute/jobs/{Uri.EscapeDataString(jobId)}/outputs/task-1/{Uri.EscapeDataString(name)}");
        request.Headers.Add(ManagementClient.ApiKeyHeader, connector.ApiKey);
        using var response = await connector.Http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"reading output '{name}' of job {jobId} answered {(int)response.StatusCode}: {body}");
        }

        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static async Task<T> BoundedAsync<T>(Func<CancellationToken, Task<T>> wait, TimeSpan limit, CancellationToken cancellationToken)
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

    private static int Rows(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Text(JsonObject json, string name) => json[name]?.ToString() ?? "";
}
