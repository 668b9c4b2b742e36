using System.Net;
using System.Net.Sockets;

namespace Dataspace.Conformance.Tests.Policy;

/// <summary>A policy check whose fixture key is missing ends as an error (not a failure) naming the key, before it sends anything to the target.</summary>
public sealed class PolicyConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conformance-policy-").FullName;

    public static TheoryData<string> CheckIds() => [.. ConformanceSuite.ForProfile(ConformanceProfiles.Policy).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CheckIds))]
    public async Task Check_WithoutFixtureKeys_IsAnErrorNamingTheKey(string id)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var configuration = new ConformanceConfiguration(
        [
            new("dataspacetck.dsp.connector.http.url", "http://127.0.0.1:9/api/dsp"),
            new("conformance.target.did", "did:web:target.invalid"),
            new("conformance.identity.address", $"http://127.0.0.1:{port}/"),
            new("conformance.identity.directory", _directory),
        ]);

        var result = Assert.Single((await new ConformanceRunner(configuration).RunAsync([ConformanceSuite.Get(id)], "none", CancellationToken.None)).Checks);

        Assert.Equal(CheckOutcome.Error, result.Outcome);
        Assert.Matches(@"configuration key 'conformance\.policy\.\w+\.datasetId' is required", result.Reason);
        Assert.DoesNotContain(result.Exchanges, e => e.Direction == "sent");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
