using System.Text.Json.Nodes;
using Dataspace.Connector.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Benchmarks.Catalog;

/// <summary>
/// Minimal DSP catalog servers for the small members: one Kestrel server answering <c>/m{N}/api/dsp/catalog/request</c>
/// for each member N with its catalog of a few datasets (a single page). Each member's catalog is built once and
/// rebuilt when one of its datasets changes.
/// </summary>
internal sealed class SmallMembers : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly byte[][] _catalogs;
    private readonly int[] _versions;
    private readonly int _datasets;

    private SmallMembers(LoopbackServer server, int members, int datasets)
    {
        _server = server;
        _datasets = datasets;
        _catalogs = new byte[members][];
        _versions = new int[members * datasets];
        for (var m = 0; m < members; m++)
        {
            Build(m);
        }
    }

    public static string Did(int member) => $"did:web:member{member:D3}.example";

    public string Dsp(int member) => _server.Url($"/m{member}/api/dsp");

    public static async Task<SmallMembers> StartAsync(int members, int datasets)
    {
        SmallMembers? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/m{member:int}/api/dsp/catalog/request", (int member) =>
            member >= 0 && member < self!._catalogs.Length ? Results.Bytes(self._catalogs[member], "application/json") : Results.NotFound()));
        self = new SmallMembers(server, members, datasets);
        return self;
    }

    /// <summary>Changes one dataset of <paramref name="member"/> (its title names a new version).</summary>
    public void Change(int member, int dataset)
    {
        _versions[(member * _datasets) + dataset]++;
        Build(member);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Build(int member)
    {
        var datasets = new JsonArray();
        for (var d = 0; d < _datasets; d++)
        {
            var id = $"m{member:D3}-d{d:D2}";
            datasets.Add(new JsonObject
            {
                ["@id"] = id,
                ["@type"] = "Dataset",
                ["hasPolicy"] = new JsonArray(new JsonObject { ["@id"] = id + "-offer", ["@type"] = "Offer", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) }),
                ["distribution"] = new JsonArray(new JsonObject { ["@type"] = "Distribution", ["format"] = "HttpData-PULL", ["accessService"] = "urn:service" }),
                ["dct:title"] = $"{Words.Title(member * 31 + d)} v{_versions[(member * _datasets) + d]}",
                ["dcat:keyword"] = new JsonArray(Words.At(member + d), Words.At(member * 7 + d)),
            });
        }

        _catalogs[member] = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
            ["@id"] = "urn:catalog:" + member,
            ["@type"] = "Catalog",
            ["participantId"] = Did(member),
            ["dataset"] = datasets,
        }.ToJsonString());
    }
}
