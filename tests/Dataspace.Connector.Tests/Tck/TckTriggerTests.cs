using System.Net;
using System.Net.Http.Json;
using Dataspace.Testing;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// The TCK mode's trigger endpoints (connector code); the TCK's cases themselves run from the conformance suite
/// (tests/Dataspace.Conformance.Tests/Dsp), which plays the TCK against this connector in TCK mode.
/// </summary>
public sealed class TckTriggerTests
{
    private const string Token = "tck-static-token";

    private static Dictionary<string, string?> TckMode() => new()
    {
        ["Connector:Tck:SeedFile"] = Path.Combine(RepositoryPaths.Root, "tck", "seed.json"),
        [$"Connector:Dsp:StaticTokens:{Token}"] = "TCK_PARTICIPANT",
    };

    [Fact]
    public async Task Trigger_WithoutTheTckToken_IsUnauthorized()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: TckMode());
        using var response = await connector.Http.PostAsync("/tck/negotiations/requests",
            JsonContent.Create(new { providerId = "x", offerId = "y", datasetId = "z", connectorAddress = "http://127.0.0.1:1" }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Trigger_OutsideTckMode_IsNotMapped()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: new Dictionary<string, string?> { [$"Connector:Dsp:StaticTokens:{Token}"] = "TCK_PARTICIPANT" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tck/negotiations/requests") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("Authorization", Token);
        using var response = await connector.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/tck/negotiations/requests", "offerId, datasetId")]
    [InlineData("/tck/transfers/requests", "agreementId, format")]
    public async Task Trigger_LackingFields_IsABadRequestNamingThem(string path, string missing)
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: TckMode());
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { providerId = "TCK_PARTICIPANT", connectorAddress = "http://127.0.0.1:1" }) };
        request.Headers.TryAddWithoutValidation("Authorization", Token);
        using var response = await connector.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(missing, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferTrigger_ForAnAgreementWeProvide_IsNotFoundAsConsumer()
    {
        // ATP0101 is an agreement in which we provide: a transfer trigger asks us to consume, which only ATPC agreements allow.
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: TckMode());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tck/transfers/requests")
        {
            Content = JsonContent.Create(new { providerId = "TCK_PARTICIPANT", agreementId = "ATP0101", format = "HttpData-PULL", connectorAddress = "http://127.0.0.1:1" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Token);
        using var response = await connector.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("where this connector is the consumer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
