using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Kuscia.Tests;

public sealed class KusciaPartsTests
{
    [Fact]
    public void GrantSpecJson_IsGoEncodingJsonOfDomainDataGrantSpec()
    {
        var grant = new CreateGrantRequest
        {
            DomainId = "bob",
            DomaindataId = "bob-table",
            GrantDomain = "alice",
            Signature = "ignored",
            Limit = new GrantLimit { ExpirationTime = 1_767_225_600_000_000_000, UseCount = 1, FlowId = "job-1", Components = ["psi"], Initiator = "alice" },
            Description = new Dictionary<string, string> { ["z"] = "<&>", ["a"] = "x\"y" },
        };

        // Typed from Go's rules: struct order, omitempty, metav1.Time as RFC 3339 UTC, map keys sorted, <>& escaped.
        const string expected = "{\"author\":\"bob\",\"domainDataID\":\"bob-table\",\"grantDomain\":\"alice\","
            + "\"limit\":{\"expirationTime\":\"2026-01-01T00:00:00Z\",\"useCount\":1,\"grantMode\":[\"normal\"],\"flowID\":\"job-1\",\"components\":[\"psi\"],\"initiator\":\"alice\"},"
            + "\"description\":{\"a\":\"x\\\"y\",\"z\":\"\\u003c\\u0026\\u003e\"}}";
        Assert.Equal(expected, KusciaGrantSigner.SpecJson(grant));
    }

    [Fact]
    public void GrantSignature_VerifiesOnlyForTheSameGrantAndKey()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var grant = new CreateGrantRequest { DomainId = "bob", DomaindataId = "bob-table", GrantDomain = "alice" };
        var signature = KusciaGrantSigner.Sign(grant, key);

        Assert.True(KusciaGrantSigner.Verify(grant, signature, key));
        Assert.False(KusciaGrantSigner.Verify(grant with { GrantDomain = "mallory" }, signature, key));
        Assert.False(KusciaGrantSigner.Verify(grant, signature, other));
    }

    [Fact]
    public async Task WatchFrames_SplitConcatenatedObjects_WithBracesInStrings()
    {
        var text = "{\"type\":4}{\"type\":1,\"object\":{\"job_id\":\"a{}\\\"}\",\"status\":{\"state\":\"Running\"}}}\n{\"object\":{}}";
        var reader = new WatchFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024);

        Assert.Equal("{\"type\":4}", Encoding.UTF8.GetString((await reader.ReadAsync(CancellationToken.None))!));
        Assert.Equal("{\"type\":1,\"object\":{\"job_id\":\"a{}\\\"}\",\"status\":{\"state\":\"Running\"}}}", Encoding.UTF8.GetString((await reader.ReadAsync(CancellationToken.None))!));
        Assert.Equal("{\"object\":{}}", Encoding.UTF8.GetString((await reader.ReadAsync(CancellationToken.None))!));
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("[1]", "something other than JSON objects")]
    [InlineData("{\"type\":", "ended inside an event")]
    public async Task WatchFrames_NotObjects_AreMalformed(string text, string reason)
    {
        var reader = new WatchFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024);
        var e = await Assert.ThrowsAsync<KusciaException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchFrames_LargerThanTheLimit_AreRefused()
    {
        var text = "{\"x\":\"" + new string('a', 100_000) + "\"}";
        var reader = new WatchFrameReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), 4096);
        var e = await Assert.ThrowsAsync<KusciaException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains("larger than 4096", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pending", ComputeJobState.Approved)]
    [InlineData("Initialized", ComputeJobState.Approved)]
    [InlineData("AwaitingApproval", ComputeJobState.AwaitingApproval)]
    [InlineData("Running", ComputeJobState.Running)]
    [InlineData("Suspended", ComputeJobState.Suspended)]
    [InlineData("Succeeded", ComputeJobState.Succeeded)]
    [InlineData("Failed", ComputeJobState.Failed)]
    [InlineData("ApprovalReject", ComputeJobState.Rejected)]
    [InlineData("Cancelled", ComputeJobState.Stopped)]
    public void StateOf_MapsEveryKusciaJobState(string state, ComputeJobState expected) => Assert.Equal(expected, KusciaJobMapper.StateOf(state));

    [Fact]
    public void Options_DomainsKeyedByDidsWithColons_AreReadWhole()
    {
        var options = KusciaRig.Read(new Dictionary<string, string?>
        {
            ["Plugins:ComputeKuscia:Endpoint"] = "https://kuscia:8082",
            ["Plugins:ComputeKuscia:Token"] = "t",
            ["Plugins:ComputeKuscia:DomainId"] = "alice",
            ["Plugins:ComputeKuscia:Domains:did:web:bank.example"] = "alice",
            ["Plugins:ComputeKuscia:Domains:did:web:telco.example:compute"] = "bob",
        });

        Assert.Equal("did:web:bank.example", options.ParticipantId);
        Assert.Equal("bob", options.Domains["did:web:telco.example:compute"]);
        Assert.Equal(new Uri("https://kuscia:8082/"), options.Endpoint);
    }

    [Theory]
    [InlineData("Token", null, "Plugins:ComputeKuscia:Token")]
    [InlineData("Endpoint", "ftp://kuscia", "Plugins:ComputeKuscia:Endpoint")]
    [InlineData("DomainId", "Alice_1", "Plugins:ComputeKuscia:DomainId")]
    [InlineData("TimeoutSeconds", "0", "Plugins:ComputeKuscia:TimeoutSeconds")]
    [InlineData("ClientCertificatePath", "/nonexistent/client.crt", "Plugins:ComputeKuscia:ClientCertificatePath")]
    public void Options_BadSetting_FailsWithTheKeysName(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Plugins:ComputeKuscia:Endpoint"] = "https://kuscia:8082",
            ["Plugins:ComputeKuscia:Token"] = "t",
            ["Plugins:ComputeKuscia:DomainId"] = "alice",
            ["Plugins:ComputeKuscia:Domains:did:web:bank.example"] = "alice",
        };
        settings[$"Plugins:ComputeKuscia:{key}"] = value;

        var e = Assert.Throws<InvalidOperationException>(() => KusciaRig.Read(settings));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
