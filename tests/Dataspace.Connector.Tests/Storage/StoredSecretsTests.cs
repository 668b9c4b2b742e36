using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Connector.Tests.Protocol;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Storage;

/// <summary>Backend credentials and received tokens are stored encrypted: the database file alone does not give them away.</summary>
public sealed class StoredSecretsTests
{
    [Fact]
    public async Task PushTransfer_DestinationTokenIsNotInTheProvidersDatabase_AndTheDataStillArrivesWithIt()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = RandomNumberGenerator.GetBytes(10_000);
        var agreementId = await NegotiateAsync(pair, "pushed", content);
        await using var receiver = await PushReceiver.StartAsync();
        var token = "Bearer receiver-secret-" + Guid.NewGuid().ToString("N");

        var transfer = await pair.ConsumerPostAsync("/transfers", new
        {
            agreementId,
            transferType = "HttpData-PUSH",
            destination = new { endpoint = receiver.Url, properties = new Dictionary<string, string> { ["authorization"] = token } },
        });
        var id = transfer["id"]!.GetValue<string>();
        var completed = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "COMPLETED", "TERMINATED");

        Assert.True(completed["state"]!.GetValue<string>() == "COMPLETED", completed.ToJsonString());
        var (body, authorization) = await receiver.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(content, body);
        Assert.Equal(token, authorization);
        var stored = await ColumnAsync(pair.ProviderData, "SELECT data_address FROM transfers WHERE data_address IS NOT NULL");
        Assert.Contains(stored, a => a.Contains(StoredSecrets.Prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, a => a.Contains("receiver-secret", StringComparison.Ordinal));
        AssertNotInFiles(pair.ProviderData, token);
    }

    [Fact]
    public async Task PullTransfer_ReceivedAccessTokenIsNotInTheConsumersDatabase_AndTheDownloadStillWorks()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = RandomNumberGenerator.GetBytes(10_000);
        var agreementId = await NegotiateAsync(pair, "pulled", content);

        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{id}", "STARTED");
        var edr = await pair.ConsumerGetAsync($"/transfers/{id}/edr");
        var token = FindToken(edr);

        using var download = await pair.Consumer.Http.SendAsync(pair.Consumer.Management(HttpMethod.Get, $"/transfers/{id}/data", pair.ConsumerKey));
        Assert.True(download.IsSuccessStatusCode, await download.Content.ReadAsStringAsync());
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        var stored = await ColumnAsync(pair.ConsumerData, "SELECT data_address FROM transfers WHERE data_address IS NOT NULL");
        Assert.Contains(stored, a => a.Contains(StoredSecrets.Prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, a => a.Contains(token, StringComparison.Ordinal));
        AssertNotInFiles(pair.ConsumerData, token);
    }

    [Fact]
    public async Task Asset_BackendAuthCodeIsStoredEncrypted_AndReadBackAsGiven()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var authCode = "backend-credential-" + Guid.NewGuid().ToString("N");

        await pair.ProviderPostAsync("/assets", new
        {
            id = "backend",
            properties = new { title = "Backend data" },
            dataAddress = new { type = "HttpData", properties = new { baseUrl = "http://127.0.0.1:9/data", authKey = "X-Api-Key", authCode } },
        });

        var asset = await pair.ProviderGetAsync("/assets/backend");
        Assert.Contains(authCode, asset.ToJsonString(), StringComparison.Ordinal);
        var stored = Assert.Single(await ColumnAsync(pair.ProviderData, "SELECT data_address FROM assets WHERE id = 'backend'"));
        Assert.DoesNotContain(authCode, stored, StringComparison.Ordinal);
        Assert.Contains(StoredSecrets.Prefix, stored, StringComparison.Ordinal);
        AssertNotInFiles(pair.ProviderData, authCode);
    }

    [Fact]
    public void Protect_ThenUnprotect_RoundTrips_PlaintextFromBeforeReadsAsItIs_AndAnotherSecretCannotRead()
    {
        var secrets = StoredSecrets.FromSecret("a-key-store-secret-of-some-length");
        var plain = DataAddress.Create(DataAddressTypes.HttpData, ("baseUrl", "http://127.0.0.1/x"), ("authKey", "X-Key"), ("authCode", "s3cret"));

        var sealedAddress = secrets.Protect(plain);

        Assert.StartsWith(StoredSecrets.Prefix, sealedAddress.GetProperty("authCode"), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1/x", sealedAddress.GetProperty("baseUrl"));
        Assert.Equal("s3cret", secrets.Unprotect(sealedAddress).GetProperty("authCode"));
        Assert.Equal("s3cret", secrets.Unprotect(plain).GetProperty("authCode"));
        Assert.Equal(sealedAddress.GetProperty("authCode"), secrets.Protect(sealedAddress).GetProperty("authCode"));
        var error = Assert.Throws<InvalidOperationException>(() => StoredSecrets.FromSecret("another-key-store-secret-entirely").Unprotect(sealedAddress));
        Assert.Contains("key-store secret", error.Message, StringComparison.Ordinal);
    }

    private static string FindToken(JsonNode edr)
    {
        // The EDR's token is an endpoint property named authorization, wherever the DTO puts it.
        var text = edr.ToJsonString();
        var node = JsonNode.Parse(text)!;
        foreach (var candidate in Descendants(node))
        {
            if (candidate is JsonObject o && o["name"]?.GetValue<string>() == "authorization" && o["value"] is { } value)
            {
                return value.GetValue<string>();
            }

            if (candidate is JsonObject p && p["authorization"] is JsonValue direct)
            {
                return direct.GetValue<string>();
            }
        }

        throw new InvalidOperationException("no authorization in the EDR: " + text);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static async Task<List<string>> ColumnAsync(string dataDirectory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, ConnectorDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    // The raw bytes of the database, its WAL and every other file in the data folder.
    private static void AssertNotInFiles(string dataDirectory, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"{Path.GetRelativePath(dataDirectory, file)} holds the secret in plain text");
        }
    }

    private static async Task<string> NegotiateAsync(ConnectorPair pair, string assetId, byte[] content)
    {
        var offerId = await pair.PublishAsync(assetId, content, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var started = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + started["id"]!.GetValue<string>(), "FINALIZED");
        return finalized["agreementId"]!.GetValue<string>();
    }

}
