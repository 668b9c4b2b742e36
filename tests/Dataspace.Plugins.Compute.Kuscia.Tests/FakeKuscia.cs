using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Compute.Kuscia.Tests;

/// <summary>
/// A KusciaAPI HTTP gateway on 127.0.0.1 built from Kuscia's protos and API docs: it checks the Token header (401 like
/// Kuscia's HTTPTokenAuthInterceptor), checks request bodies against the protos' field names (code 11100 like
/// KusciaAPIErrRequestValidate), keeps jobs, grants and domain data, moves job states on command and streams watch
/// events as concatenated JSON objects with heartbeats, as pkg/kusciaapi/handler/httphandler/job/watch.go writes them.
/// </summary>
internal sealed class FakeKuscia : IAsyncDisposable
{
    private static readonly Dictionary<string, string[]> Fields = new()
    {
        ["job/create"] = ["header", "job_id", "initiator", "max_parallelism", "tasks", "custom_fields"],
        ["task"] = ["app_image", "parties", "alias", "task_id", "dependencies", "task_input_config", "priority", "schedule_config", "tolerable"],
        ["party"] = ["domain_id", "role", "resources", "bandwidth_limits"],
        ["job/query"] = ["header", "job_id"],
        ["job/delete"] = ["header", "job_id"],
        ["job/stop"] = ["header", "job_id", "reason"],
        ["job/suspend"] = ["header", "job_id", "reason"],
        ["job/restart"] = ["header", "job_id", "reason"],
        ["job/approve"] = ["job_id", "result", "reason"],
        ["job/watch"] = ["header", "timeout_seconds"],
        ["domaindatagrant/create"] = ["header", "domaindatagrant_id", "domaindata_id", "grant_domain", "limit", "description", "signature", "domain_id"],
        ["limit"] = ["expiration_time", "use_count", "flow_id", "components", "initiator", "input_config"],
        ["domaindatagrant/query"] = ["header", "domain_id", "domaindatagrant_id"],
        ["domaindatagrant/delete"] = ["header", "domain_id", "domaindatagrant_id"],
        ["domaindata/query"] = ["header", "data"],
    };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeJob> _jobs = new();
    private readonly ConcurrentDictionary<string, JsonObject> _domainData = new();
    private readonly ConcurrentDictionary<Channel<string>, byte> _watchers = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _lies = new();

    private FakeKuscia(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Each request's path (without /api/v1/) in the order received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Grants as created, by id.</summary>
    public ConcurrentDictionary<string, JsonObject> Grants { get; } = new();

    /// <summary>The public key per domain a grant's signature must verify with.</summary>
    public ConcurrentDictionary<string, RSA> DomainPublicKeys { get; } = new();

    /// <summary>The domains whose approval a new job waits for (Kuscia P2P with approval on).</summary>
    public HashSet<string> Approvers { get; } = [];

    /// <summary>The domain this Kuscia runs for: approvals it receives are this domain's.</summary>
    public string Self { get; set; } = "alice";

    public int WatchersOpen => _watchers.Count;

    public static async Task<FakeKuscia> StartAsync(string token = "fake-token")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeKuscia(app, token);
        app.Use(async (context, next) =>
        {
            // Kuscia's gateway: the token first (HTTP 401), then the handler.
            if (context.Request.Headers["Token"] != fake.Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapPost("/api/v1/{kind}/{action}", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address + "/");
        return fake;
    }

    /// <summary>Answers the next request to <paramref name="path"/> (e.g. <c>job/query</c>) with <paramref name="lie"/> instead.</summary>
    public void LieOnce(string path, Func<HttpContext, Task> lie) => _lies[path] = lie;

    public FakeJob Job(string id) => _jobs[id];

    public bool HasJob(string id) => _jobs.ContainsKey(id);

    /// <summary>Registers a domain data (a SecretFlow output) as Kuscia's domaindata/query answers it.</summary>
    public void AddDomainData(string domainId, string id, string relativeUri) =>
        _domainData[$"{domainId}/{id}"] = new JsonObject { ["domaindata_id"] = id, ["name"] = id, ["type"] = "table", ["relative_uri"] = relativeUri, ["domain_id"] = domainId, ["datasource_id"] = "default-data-source", ["status"] = "Available" };

    /// <summary>Moves a job (and all its tasks) to <paramref name="state"/> and tells every watcher.</summary>
    public void Advance(string jobId, string state, double progress = 0, string? errMsg = null)
    {
        var job = _jobs[jobId];
        lock (job)
        {
            job.State = state;
            job.ErrMsg = errMsg;
            foreach (var task in job.Tasks)
            {
                task["state"] = state;
                task["progress"] = state == "Succeeded" ? 1 : progress;
                task["err_msg"] = errMsg ?? string.Empty;
            }
        }

        Publish(jobId, 1);
    }

    /// <summary>Ends every open watch stream, as a Kuscia restart or a network break would.</summary>
    public void DropWatchers()
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatchers();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, string kind, string action)
    {
        var path = $"{kind}/{action}";
        Requests.Enqueue(path);
        if (_lies.TryRemove(path, out var lie))
        {
            await lie(context);
            return;
        }

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await StatusAsync(context, 11100, "request body is not valid json");
            return;
        }

        if (!Fields.TryGetValue(path, out var fields))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var unknown = Unknown(body, fields)
            ?? (path == "job/create" ? (body["tasks"] as JsonArray)?.Select(t => Unknown(t as JsonObject, Fields["task"]) ?? (t?["parties"] as JsonArray)?.Select(p => Unknown(p as JsonObject, Fields["party"])).FirstOrDefault(u => u is not null)).FirstOrDefault(u => u is not null) : null)
            ?? (path == "domaindatagrant/create" && body["limit"] is JsonObject limit ? Unknown(limit, Fields["limit"]) : null);
        if (unknown is not null)
        {
            await StatusAsync(context, 11100, $"unknown field \"{unknown}\"");
            return;
        }

        switch (path)
        {
            case "job/create": await CreateJobAsync(context, body); break;
            case "job/query": await QueryJobAsync(context, body); break;
            case "job/approve": await ApproveAsync(context, body); break;
            case "job/stop": await ChangeAsync(context, body, "Cancelled", 11205); break;
            case "job/suspend": await ChangeAsync(context, body, "Suspended", 11207); break;
            case "job/restart": await ChangeAsync(context, body, "Running", 11208); break;
            case "job/delete": await DeleteAsync(context, body); break;
            case "job/watch": await WatchAsync(context); break;
            case "domaindatagrant/create": await CreateGrantAsync(context, body); break;
            case "domaindata/query": await QueryDomainDataAsync(context, body); break;
            default: await StatusAsync(context, 11100, "not supported by the fake"); break;
        }
    }

    private static string? Unknown(JsonObject? node, string[] fields) =>
        node is null ? "<not an object>" : node.Select(p => p.Key).FirstOrDefault(k => !fields.Contains(k));

    private async Task CreateJobAsync(HttpContext context, JsonObject body)
    {
        var id = (string?)body["job_id"];
        var initiator = (string?)body["initiator"];
        var tasks = body["tasks"] as JsonArray;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(initiator) || tasks is not { Count: > 0 }
            || tasks.Any(t => (string?)t?["task_input_config"] is not { } config || JsonNode.Parse(config) is null || t["parties"] is not JsonArray { Count: > 0 }))
        {
            await StatusAsync(context, 11100, "job_id, initiator and tasks with parties and task_input_config are required");
            return;
        }

        var job = new FakeJob(id, (JsonObject)body.DeepClone());
        foreach (var approver in Approvers)
        {
            job.Approvals[approver] = "JobCreateSucceeded";
        }

        job.State = job.Approvals.Count > 0 ? "AwaitingApproval" : "Pending";
        if (!_jobs.TryAdd(id, job))
        {
            await StatusAsync(context, 11201, $"kusciajobs.kuscia.secretflow \"{id}\" already exists");
            return;
        }

        Publish(id, 0);
        await OkAsync(context, new JsonObject { ["job_id"] = id });
    }

    private async Task QueryJobAsync(HttpContext context, JsonObject body)
    {
        if (!_jobs.TryGetValue((string?)body["job_id"] ?? string.Empty, out var job))
        {
            await StatusAsync(context, 11202, $"kusciajob.kuscia.secretflow \"{body["job_id"]}\" not found at /home/kuscia/var/secret");
            return;
        }

        var data = new JsonObject { ["job_id"] = job.Id, ["initiator"] = job.Request["initiator"]?.DeepClone(), ["max_parallelism"] = job.Request["max_parallelism"]?.DeepClone(), ["tasks"] = job.Request["tasks"]!.DeepClone(), ["status"] = job.Status() };
        await OkAsync(context, data);
    }

    private async Task ApproveAsync(HttpContext context, JsonObject body)
    {
        if (!_jobs.TryGetValue((string?)body["job_id"] ?? string.Empty, out var job) || !job.Approvals.ContainsKey(Self))
        {
            await StatusAsync(context, 11206, "job not found or not waiting for this domain's approval");
            return;
        }

        var result = (int?)body["result"];
        lock (job)
        {
            job.Approvals[Self] = result == 1 ? "JobAccepted" : result == 2 ? "JobRejected" : job.Approvals[Self];
            job.ApproveReason = (string?)body["reason"];
            job.State = job.Approvals.Values.Any(v => v == "JobRejected") ? "ApprovalReject" : job.Approvals.Values.All(v => v == "JobAccepted") ? "Pending" : job.State;
        }

        if (result is not (1 or 2))
        {
            await StatusAsync(context, 11100, "result must be APPROVE_RESULT_ACCEPT or APPROVE_RESULT_REJECT");
            return;
        }

        Publish(job.Id, 1);
        await OkAsync(context, new JsonObject { ["job_id"] = job.Id });
    }

    private async Task ChangeAsync(HttpContext context, JsonObject body, string state, int error)
    {
        if (!_jobs.TryGetValue((string?)body["job_id"] ?? string.Empty, out var job))
        {
            await StatusAsync(context, error, $"kusciajob \"{body["job_id"]}\" not found in namespace cross-domain");
            return;
        }

        lock (job)
        {
            job.State = state;
            job.StopReason = (string?)body["reason"];
        }

        Publish(job.Id, 1);
        await OkAsync(context, new JsonObject { ["job_id"] = job.Id });
    }

    private async Task DeleteAsync(HttpContext context, JsonObject body)
    {
        var id = (string?)body["job_id"] ?? string.Empty;
        if (!_jobs.TryRemove(id, out _))
        {
            await StatusAsync(context, 11204, "not found");
            return;
        }

        Publish(id, 2);
        await OkAsync(context, new JsonObject { ["job_id"] = id });
    }

    private async Task CreateGrantAsync(HttpContext context, JsonObject body)
    {
        var domain = (string?)body["domain_id"];
        if (string.IsNullOrEmpty(domain) || string.IsNullOrEmpty((string?)body["domaindata_id"]) || string.IsNullOrEmpty((string?)body["grant_domain"]))
        {
            await StatusAsync(context, 11700, "domain_id, domaindata_id and grant_domain are required");
            return;
        }

        var grant = body.Deserialize(KusciaJsonContext.Default.CreateGrantRequest)!;
        if (DomainPublicKeys.TryGetValue(domain, out var key) && (grant.Signature is null || !KusciaGrantSigner.Verify(grant, grant.Signature, key)))
        {
            await StatusAsync(context, 11700, "signature does not verify with the author's public key");
            return;
        }

        var id = (string?)body["domaindatagrant_id"] ?? $"domaindatagrant-{Guid.NewGuid()}";
        if (!Grants.TryAdd(id, body))
        {
            await StatusAsync(context, 11704, "domaindatagrant already exists");
            return;
        }

        await OkAsync(context, new JsonObject { ["domaindatagrant_id"] = id });
    }

    private async Task QueryDomainDataAsync(HttpContext context, JsonObject body)
    {
        var key = $"{body["data"]?["domain_id"]}/{body["data"]?["domaindata_id"]}";
        if (!_domainData.TryGetValue(key, out var data))
        {
            await StatusAsync(context, 11402, "domaindata not found");
            return;
        }

        await OkAsync(context, data.DeepClone());
    }

    private async Task WatchAsync(HttpContext context)
    {
        var events = Channel.CreateUnbounded<string>();
        _watchers[events] = 0;
        try
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.StartAsync(context.RequestAborted);
            using var heartbeat = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
            var beat = heartbeat.WaitForNextTickAsync(context.RequestAborted).AsTask();
            while (true)
            {
                var read = events.Reader.WaitToReadAsync(context.RequestAborted).AsTask();
                var done = await Task.WhenAny(read, beat);
                string frame;
                if (done == beat)
                {
                    frame = "{\"type\":4}";
                    beat = heartbeat.WaitForNextTickAsync(context.RequestAborted).AsTask();
                }
                else if (await read && events.Reader.TryRead(out var next))
                {
                    frame = next;
                }
                else
                {
                    return; // Dropped: the stream ends.
                }

                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _watchers.TryRemove(events, out _);
        }
    }

    private void Publish(string jobId, int type)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return;
        }

        // Go's encoding/json with omitempty: an ADDED event (0) has no "type" at all.
        var frame = new JsonObject { ["object"] = new JsonObject { ["job_id"] = jobId, ["status"] = job.Status() } };
        if (type != 0)
        {
            frame.Insert(0, "type", type);
        }

        var text = frame.ToJsonString();
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Writer.TryWrite(text);
        }
    }

    private static Task OkAsync(HttpContext context, JsonNode data) =>
        context.Response.WriteAsync(new JsonObject { ["status"] = new JsonObject { ["code"] = 0, ["message"] = "success", ["details"] = new JsonArray() }, ["data"] = data }.ToJsonString());

    private static Task StatusAsync(HttpContext context, int code, string message) =>
        context.Response.WriteAsync(new JsonObject { ["status"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = new JsonArray() } }.ToJsonString());

    /// <summary>A job as the fake keeps it.</summary>
    internal sealed class FakeJob(string id, JsonObject request)
    {
        public string Id { get; } = id;

        public JsonObject Request { get; } = request;

        public string State { get; set; } = "Pending";

        public string? ErrMsg { get; set; }

        public string? StopReason { get; set; }

        public string? ApproveReason { get; set; }

        public Dictionary<string, string> Approvals { get; } = [];

        public List<JsonObject> Tasks { get; } = ((JsonArray)request["tasks"]!).Select(t => new JsonObject
        {
            ["task_id"] = (string?)t!["task_id"],
            ["alias"] = (string?)t["alias"],
            ["state"] = "Pending",
            ["err_msg"] = string.Empty,
            ["progress"] = 0,
        }).ToList();

        public JsonObject Status()
        {
            lock (this)
            {
                return new JsonObject
                {
                    ["state"] = State,
                    ["err_msg"] = ErrMsg ?? string.Empty,
                    ["create_time"] = "2026-12-07T10:42:55Z",
                    ["tasks"] = new JsonArray(Tasks.Select(t => (JsonNode)t.DeepClone()).ToArray()),
                    ["approve_status_list"] = new JsonArray(Approvals.Select(a => (JsonNode)new JsonObject { ["domain_id"] = a.Key, ["state"] = a.Value }).ToArray()),
                };
            }
        }
    }
}
