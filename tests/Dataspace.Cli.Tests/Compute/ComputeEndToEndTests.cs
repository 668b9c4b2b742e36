using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Cli.Demo;
using Dataspace.Cli.Tests.Management;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Tests.Compute;

/// <summary>
/// A compute job between two real connectors: the consumer negotiates a PSI offer, proposes a job with its own CSV,
/// the provider approves it under the agreement and both run the bundled psi/ecdh:1 over the gRPC task channel.
/// </summary>
public sealed class ComputeEndToEndTests : IClassFixture<ConnectorPairFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly ConnectorPairFixture _connectors;

    public ComputeEndToEndTests(ConnectorPairFixture connectors) => _connectors = connectors;

    private static string ProviderCsv => "customer_id,segment\nc-001,retail\nc-002,retail\nc-003,sme\nc-005,retail\nc-008,sme\nc-013,retail\n";

    private static string ConsumerCsv => "customer_id\nc-013\nc-002\nc-004\nc-005\nc-021\n";

    [Fact]
    public async Task PsiJob_UnderAnAgreementAllowingTheIntersection_GivesTheConsumerExactlyTheCommonIds_AndTheProviderNothing()
    {
        using var timeout = new CancellationTokenSource(Limit * 2);
        var ct = timeout.Token;
        var agreement = await NegotiateAsync("psi-intersection", "intersection", ct);

        var job = await ProposeAsync(agreement, "intersection", ct);
        var ended = await WaitUntilFinalAsync(_connectors.Pair.Consumer.Client, Text(job, "id"), ct);

        Assert.True(Text(ended, "state") == "succeeded", ended.ToJsonString());
        var outputs = await _connectors.Pair.Consumer.Client.GetComputeOutputsAsync(Text(job, "id"), ct);
        var names = outputs.OfType<JsonObject>().Select(o => Text(o, "name")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["intersection", "intersection_size"], names);
        Assert.All(outputs.OfType<JsonObject>(), o => Assert.Equal("intersection", Text(o, "releaseKind")));
        var size = outputs.OfType<JsonObject>().Single(o => Text(o, "name") == "intersection_size");
        Assert.Equal("3", size["content"]?.ToString());
        var table = await OutputAsync(_connectors.Pair.Consumer, Text(job, "id"), "task-1", "intersection", ct);
        var rows = table.Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("customer_id", rows[0]);
        // The plaintext intersection, in the consumer's input order.
        Assert.Equal(["c-013", "c-002", "c-005"], rows.Skip(1));

        // The provider ran its side and knows the job succeeded, but received no output at all.
        var atProvider = await WaitUntilFinalAsync(_connectors.Pair.Provider.Client, Text(job, "id"), ct);
        Assert.Equal("succeeded", Text(atProvider, "state"));
        Assert.Empty(await _connectors.Pair.Provider.Client.GetComputeOutputsAsync(Text(job, "id"), ct));
    }

    [Fact]
    public async Task PsiJob_AskingTheIntersection_UnderAnAgreementAllowingOnlyTheCardinality_IsRefusedAtBothParties()
    {
        using var timeout = new CancellationTokenSource(Limit * 2);
        var ct = timeout.Token;
        var agreement = await NegotiateAsync("psi-cardinality", "cardinality", ct);

        var job = await ProposeAsync(agreement, "intersection", ct);
        var id = Text(job, "id");
        var atConsumer = await WaitUntilFinalAsync(_connectors.Pair.Consumer.Client, id, ct);
        var atProvider = await WaitUntilFinalAsync(_connectors.Pair.Provider.Client, id, ct);

        foreach (var copy in new[] { atConsumer, atProvider })
        {
            Assert.True(Text(copy, "state") == "failed", copy.ToJsonString());
            Assert.Contains($"release 'intersection' to the consumer is beyond agreement '{agreement.Id}' (granted: cardinality)", Text(copy, "reason"), StringComparison.Ordinal);
        }

        Assert.Empty(await _connectors.Pair.Consumer.Client.GetComputeOutputsAsync(id, ct));
        Assert.Empty(await _connectors.Pair.Provider.Client.GetComputeOutputsAsync(id, ct));
    }

    [Fact]
    public async Task PullTransfer_UnderAComputeAgreement_IsRefused()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var ct = timeout.Token;
        var agreement = await NegotiateAsync("psi-no-pull", "intersection", ct);
        var consumer = _connectors.Pair.Consumer.Client;

        var requested = await consumer.StartTransferAsync(new TransferRequest(agreement.Id, TransferTypes.HttpPull), ct);
        var ended = await consumer.WaitForTransferAsync(requested.Id, [TransferStates.Started, TransferStates.Terminated], TimeSpan.FromMilliseconds(50), ct);

        Assert.True(ended.State == TransferStates.Terminated, $"{ended.State}: a compute agreement let the consumer pull the provider's data");
        Assert.True((ended.Error ?? "").Contains("is for computation", StringComparison.Ordinal), ended.Error);
    }

    [Fact]
    public async Task DpQueries_SpendTheirEpsilonOnce_SoABudgetOfTwoQueriesAllowsTwo_AndRefusesTheThird()
    {
        using var timeout = new CancellationTokenSource(Limit * 3);
        var ct = timeout.Token;
        var offer = await _connectors.PublishAsync("dp-patients", ProviderCsv, DpPolicy(1.0));
        var consumer = _connectors.Pair.Consumer.Client;
        var started = await consumer.StartNegotiationAsync(_connectors.Pair.Provider.Dsp, offer, LocalConnectorPair.ProviderId, ct);
        var negotiation = await consumer.WaitForNegotiationAsync(started.Id, TimeSpan.FromMilliseconds(50), ct);
        var agreement = await consumer.GetAgreementAsync(negotiation.AgreementId!, ct);

        var states = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            var job = await consumer.ProposeComputeJobAsync(new JsonObject
            {
                ["tasks"] = new JsonArray(new JsonObject
                {
                    ["id"] = "task-1",
                    ["component"] = "stats/dp_query:1",
                    ["attributes"] = new JsonObject { ["query"] = "count", ["epsilon"] = 0.5 },
                    ["parties"] = new JsonArray(
                        new JsonObject { ["participantId"] = agreement.ConsumerId, ["role"] = "analyst" },
                        new JsonObject { ["participantId"] = agreement.ProviderId, ["role"] = "provider", ["input"] = new JsonObject { ["kind"] = "asset", ["reference"] = agreement.AssetId, ["agreementId"] = agreement.Id } }),
                    ["releases"] = new JsonObject { [agreement.ConsumerId] = new JsonArray("dp-statistic") },
                }),
                ["agreements"] = new JsonArray(new JsonObject
                {
                    ["providerId"] = agreement.ProviderId,
                    ["agreementId"] = agreement.Id,
                    ["consumerId"] = agreement.ConsumerId,
                    ["providerEndpoint"] = _connectors.Pair.Provider.Dsp,
                }),
            }, ct);
            states.Add(await WaitUntilFinalAsync(consumer, Text(job, "id"), ct));
        }

        // The engine spends the declared ε before the run and the component spends it again: once in all.
        Assert.True(Text(states[0], "state") == "succeeded", states[0].ToJsonString());
        Assert.True(Text(states[1], "state") == "succeeded", states[1].ToJsonString());
        Assert.Equal("failed", Text(states[2], "state"));
        Assert.Contains($"the privacy budget of agreement '{agreement.Id}' is exhausted", Text(states[2], "reason"), StringComparison.Ordinal);
        var result = (await consumer.GetComputeOutputsAsync(Text(states[0], "id"), ct)).OfType<JsonObject>().Single(o => Text(o, "name") == "result");
        Assert.Equal("dp-statistic", Text(result, "releaseKind"));
    }

    /// <summary>Publishes the provider's CSV under a policy allowing psi/ecdh:1 with <paramref name="release"/> to the consumer, and negotiates it.</summary>
    private async Task<Agreement> NegotiateAsync(string assetId, string release, CancellationToken ct)
    {
        var offer = await _connectors.PublishAsync(assetId, ProviderCsv, PsiPolicy(release));
        var consumer = _connectors.Pair.Consumer.Client;
        var started = await consumer.StartNegotiationAsync(_connectors.Pair.Provider.Dsp, offer, LocalConnectorPair.ProviderId, ct);
        var negotiation = await consumer.WaitForNegotiationAsync(started.Id, TimeSpan.FromMilliseconds(50), ct);
        Assert.True(negotiation.State == NegotiationStates.Finalized, $"{negotiation.State}: {negotiation.Error}");
        return await consumer.GetAgreementAsync(negotiation.AgreementId!, ct);
    }

    /// <summary>Uploads the consumer's CSV and proposes a two-party psi/ecdh:1 job asking <paramref name="kind"/> for the consumer.</summary>
    private async Task<JsonObject> ProposeAsync(Agreement agreement, string kind, CancellationToken ct)
    {
        var consumer = _connectors.Pair.Consumer;
        string path;
        await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(ConsumerCsv)))
        {
            path = await consumer.Client.UploadComputeInputAsync($"{Guid.NewGuid():N}.csv", content, ct);
        }

        return await consumer.Client.ProposeComputeJobAsync(new JsonObject
        {
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["id"] = "task-1",
                ["component"] = "psi/ecdh:1",
                ["attributes"] = new JsonObject { ["mode"] = kind },
                ["parties"] = new JsonArray(
                    new JsonObject { ["participantId"] = agreement.ConsumerId, ["role"] = "receiver", ["input"] = new JsonObject { ["kind"] = "file", ["reference"] = path } },
                    new JsonObject { ["participantId"] = agreement.ProviderId, ["role"] = "sender", ["input"] = new JsonObject { ["kind"] = "asset", ["reference"] = agreement.AssetId, ["agreementId"] = agreement.Id } }),
                ["releases"] = new JsonObject { [agreement.ConsumerId] = new JsonArray(kind) },
            }),
            ["agreements"] = new JsonArray(new JsonObject
            {
                ["providerId"] = agreement.ProviderId,
                ["agreementId"] = agreement.Id,
                ["consumerId"] = agreement.ConsumerId,
                ["providerEndpoint"] = _connectors.Pair.Provider.Dsp,
            }),
        }, ct);
    }

    private static string PsiPolicy(string release) => $$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://w3id.org/dataspace-connector/policy/"}], "@type": "Set",
         "permission": [{"action": "use", "constraint": [
           {"leftOperand": "dsc:computeComponent", "operator": "eq", "rightOperand": "psi/ecdh:1"},
           {"leftOperand": "dsc:consumerRelease", "operator": "eq", "rightOperand": "{{release}}"}]}]}
        """;

    private static string DpPolicy(double epsilon) => $$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://w3id.org/dataspace-connector/policy/"}], "@type": "Set",
         "permission": [{"action": "use", "constraint": [
           {"leftOperand": "dsc:computeComponent", "operator": "eq", "rightOperand": "stats/dp_query:1"},
           {"leftOperand": "dsc:consumerRelease", "operator": "eq", "rightOperand": "dp-statistic"},
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": {{epsilon.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]}]}
        """;

    private static async Task<JsonObject> WaitUntilFinalAsync(ManagementClient client, string id, CancellationToken ct)
    {
        while (true)
        {
            JsonObject? job = null;
            try
            {
                job = await client.GetComputeJobAsync(id, ct);
            }
            catch (ManagementApiException) when (!ct.IsCancellationRequested)
            {
                // The provider learns of the job only once the consumer's proposal reaches it.
            }

            if (job is not null && Text(job, "state") is "succeeded" or "failed" or "rejected" or "stopped")
            {
                return job;
            }

            await Task.Delay(50, ct);
        }
    }

    private static async Task<string> OutputAsync(LocalConnector connector, string jobId, string taskId, string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/management/v1/compute/jobs/{jobId}/outputs/{taskId}/{name}");
        request.Headers.Add(ManagementClient.ApiKeyHeader, connector.ApiKey);
        using var response = await connector.Http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static string Text(JsonObject json, string name) => json[name]?.ToString() ?? "";
}
