using System.Text.RegularExpressions;
using Dataspace.Cli.Tests.Management;
using Dataspace.Testing;
using Npgsql;

namespace Dataspace.Cli.Tests.Demo;

/// <summary><c>dataspace demo --postgres</c>: both connectors keep their state in PostgreSQL, in schemas dropped at the end.</summary>
public sealed class DemoPostgresTests
{
    private const string DemoSchemas = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dataspace\\_demo\\_%'";

    [PostgresFact]
    public async Task Demo_OnPostgres_StoresBothConnectorsStateThere_AndDropsItsSchemasAtTheEnd()
    {
        var server = PostgresServer.ConnectionString!;
        var before = await QueryAsync(server, DemoSchemas);

        // While the demo runs, watch its schemas fill: proof the connectors use PostgreSQL, not their SQLite files.
        var demo = Cli.RunAsync("demo", "--timeout", "30", "--postgres", server);
        var seen = WatchAgreementsAsync(server, before, demo);
        var (exit, output, error) = await demo;

        Assert.True(exit == 0, error + output);
        var storage = Regex.Match(output, @"storage: PostgreSQL \S+, schema (dataspace_demo_[0-9a-f]+_provider) \(provider\) and (dataspace_demo_[0-9a-f]+_consumer) \(consumer\), dropped at the end");
        Assert.True(storage.Success, output);
        Assert.Matches(@"negotiation \S+: FINALIZED", output);
        if (ConnectorPairFixture.HttpTransportBundled)
        {
            Assert.Contains("identical to the provider's file; transfer COMPLETED", output, StringComparison.Ordinal);
        }

        var agreements = await seen;
        Assert.True(agreements.GetValueOrDefault(storage.Groups[1].Value) >= 1, $"no agreement seen in the provider's schema: {string.Join(", ", agreements)}");
        Assert.True(agreements.GetValueOrDefault(storage.Groups[2].Value) >= 1, $"no agreement seen in the consumer's schema: {string.Join(", ", agreements)}");
        var left = (await QueryAsync(server, DemoSchemas)).Except(before).ToList();
        Assert.True(left.Count == 0, $"schemas left behind: {string.Join(", ", left)}");
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Demo_PostgresConnectionStringThatIsNotOne_FailsSayingWhatIsExpected()
    {
        var (exit, output, error) = await Cli.RunAsync("demo", "--postgres", "Host=localhost;Nonsense Key=1");

        Assert.NotEqual(0, exit);
        Assert.Contains("--postgres is not a PostgreSQL connection string", error + output, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/9]", output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, long>> WatchAgreementsAsync(string server, IReadOnlyList<string> before, Task demo)
    {
        var most = new Dictionary<string, long>();
        while (!demo.IsCompleted)
        {
            foreach (var schema in (await QueryAsync(server, DemoSchemas)).Except(before))
            {
                try
                {
                    var count = (await QueryAsync(server, $"SELECT count(*)::text FROM {schema}.agreements")).Single();
                    most[schema] = Math.Max(most.GetValueOrDefault(schema), long.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (PostgresException)
                {
                    // Not migrated yet, or dropped already.
                }
            }

            await Task.Delay(50);
        }

        return most;
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
