using System.Security.Cryptography;
using Dataspace.Testing;
using Npgsql;

namespace Dataspace.Connector.Tests.Storage.Postgres;

/// <summary>A provider and a consumer connector on PostgreSQL (the bundled storage plugin), each in a schema of its own, negotiate and transfer.</summary>
public sealed class PostgresConnectorsTests
{
    [PostgresFact]
    public async Task ProviderAndConsumerOnPostgres_NegotiateAndTransfer_KeepingTheirStateThere()
    {
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var (providerSchema, consumerSchema) = ($"e2e_{run}_provider", $"e2e_{run}_consumer");
        try
        {
            await using var pair = await ConnectorPair.StartAsync(Storage(providerSchema), Storage(consumerSchema));
            var content = RandomNumberGenerator.GetBytes(100_000);
            var offerId = await pair.PublishAsync("pg-data", content, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());

            var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
            var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED", "TERMINATED");
            Assert.True(finalized["state"]!.GetValue<string>() == "FINALIZED", finalized.ToJsonString());
            var agreementId = finalized["agreementId"]!.GetValue<string>();

            var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
            var id = transfer["id"]!.GetValue<string>();
            var running = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED", "TERMINATED");
            Assert.True(running["state"]!.GetValue<string>() == "STARTED", running.ToJsonString());
            using (var download = await pair.Consumer.Http.SendAsync(pair.Consumer.Management(HttpMethod.Get, $"/transfers/{id}/data", pair.ConsumerKey)))
            {
                Assert.True(download.IsSuccessStatusCode, $"download answered {(int)download.StatusCode}: {await download.Content.ReadAsStringAsync()}");
                Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
            }

            await pair.ConsumerPostAsync($"/transfers/{id}/complete", new { });
            var providerPid = running["providerPid"]!.GetValue<string>();
            await pair.WaitForStateAsync(pair.Provider, pair.ProviderKey, $"/transfers/{Uri.EscapeDataString(providerPid)}", "COMPLETED");

            // The state is in PostgreSQL, one schema each, and no SQLite database was made.
            Assert.Equal(agreementId, await ScalarAsync($"SELECT id FROM {providerSchema}.agreements"));
            Assert.Equal(agreementId, await ScalarAsync($"SELECT id FROM {consumerSchema}.agreements"));
            Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM {providerSchema}.transfers WHERE state = 800"));
            Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM {consumerSchema}.outbox"));
            Assert.False(File.Exists(Path.Combine(pair.ProviderData, "connector.db")), "the provider made a SQLite database");
            Assert.False(File.Exists(Path.Combine(pair.ConsumerData, "connector.db")), "the consumer made a SQLite database");
        }
        finally
        {
            await ScalarAsync($"DROP SCHEMA IF EXISTS {providerSchema} CASCADE; DROP SCHEMA IF EXISTS {consumerSchema} CASCADE");
        }
    }

    private static Dictionary<string, string?> Storage(string schema) => new()
    {
        ["Connector:Storage:Provider"] = "postgres",
        ["Connector:Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { SearchPath = schema }.ConnectionString,
    };

    private static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
