using System.Text.Json;
using Dataspace.Connector.Management;
using Dataspace.Sdk.Compute;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute;

/// <summary>Management API: propose, list, watch, approve, reject, stop, suspend and restart compute jobs, read their outputs, upload inputs.</summary>
public static class ComputeManagementEndpoints
{
    private const long MaxUploadBytes = 1L << 30;

    /// <summary>Maps <c>/compute</c> in the management API's group; it answers 404 while no engine is registered.</summary>
    public static RouteGroupBuilder MapComputeManagement(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/compute/jobs").WithTags("Compute");
        jobs.MapPost("", async (HttpContext http, IOptions<ComputeOptions> options) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            var (request, error) = await ComputeDspEndpoints.ReadAsync<ComputeJobRequest>(http.Request, options.Value.MaxProposalBytes, "a compute job request", http.RequestAborted).ConfigureAwait(false);
            if (request is null) return ManagementResults.BadRequest(error!);
            return await Run(async () => Job(await engine.ProposeAsync(request, http.RequestAborted).ConfigureAwait(false), StatusCodes.Status201Created)).ConfigureAwait(false);
        }).WithName("proposeComputeJob").WithSummary("Proposes a compute job (tasks and the agreement of each provider) to its providers; it runs once they approved.")
            .Accepts<ComputeJobRequest>("application/json").Produces<ComputeJob>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);

        jobs.MapGet("", async (HttpContext http, string? state, string? agreementId, int? offset, int? limit) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            ComputeJobState? filter = null;
            if (state is not null)
            {
                if (!ComputeJobStates.TryParse(state, out var parsed)) return ManagementResults.BadRequest($"'state' must be one of {string.Join(", ", Enum.GetNames<ComputeJobState>())}, not '{state}'");
                filter = parsed;
            }

            var page = await engine.ListAsync(new ComputeJobQuery(filter, agreementId), ManagementResults.Page(offset, limit), http.RequestAborted).ConfigureAwait(false);
            return Results.Text(JsonSerializer.Serialize(new { items = page.Items, total = page.Total, offset = page.Offset, limit = page.Limit }, ComputeJobJson.Options), "application/json");
        }).WithName("listComputeJobs").WithSummary("Our compute jobs, newest first; filter by state and agreement.");

        jobs.MapGet("/{id}", async (HttpContext http, string id) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            return await engine.GetAsync(id, http.RequestAborted).ConfigureAwait(false) is { } job ? Job(job) : ManagementResults.NotFound($"there is no compute job '{id}'");
        }).WithName("getComputeJob").WithSummary("One compute job: its state, approvals, progress and reason.").Produces<ComputeJob>();

        jobs.MapGet("/{id}/watch", async (HttpContext http, string id) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            if (await engine.GetAsync(id, http.RequestAborted).ConfigureAwait(false) is null) return ManagementResults.NotFound($"there is no compute job '{id}'");
            return Results.Stream(async body =>
            {
                // One JSON line per change, until the job is final or the client leaves (ndjson).
                await foreach (var job in engine.WatchAsync(id, http.RequestAborted).ConfigureAwait(false))
                {
                    await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(job, ComputeJobJson.Options), http.RequestAborted).ConfigureAwait(false);
                    body.WriteByte((byte)'\n');
                    await body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                }
            }, "application/x-ndjson");
        }).WithName("watchComputeJob").WithSummary("Streams the job (one JSON line per change) until it is final.");

        jobs.MapPost("/{id}/approve", (HttpContext http, string id) => Act(http, e => e.ApproveAsync(id, http.RequestAborted)))
            .WithName("approveComputeJob").WithSummary("Approves a job waiting for our approval.").Produces<ComputeJob>();
        jobs.MapPost("/{id}/reject", (HttpContext http, string id, ReasonRequest? body) => Act(http, e => e.RejectAsync(id, body?.Reason ?? "", http.RequestAborted)))
            .WithName("rejectComputeJob").WithSummary("Rejects a job waiting for our approval; the reason reaches every party.").Produces<ComputeJob>();
        jobs.MapPost("/{id}/stop", (HttpContext http, string id, ReasonRequest? body) => Act(http, e => e.StopAsync(id, body?.Reason ?? "", http.RequestAborted)))
            .WithName("stopComputeJob").WithSummary("Stops a job for good at every party.").Produces<ComputeJob>();
        jobs.MapPost("/{id}/suspend", (HttpContext http, string id) => Act(http, e => e.SuspendAsync(id, http.RequestAborted)))
            .WithName("suspendComputeJob").WithSummary("Suspends a running job.").Produces<ComputeJob>();
        jobs.MapPost("/{id}/restart", (HttpContext http, string id) => Act(http, e => e.RestartAsync(id, http.RequestAborted)))
            .WithName("restartComputeJob").WithSummary("Runs a suspended job's unfinished tasks again (initiator only).").Produces<ComputeJob>();

        jobs.MapGet("/{id}/outputs", async (HttpContext http, string id) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            return await Run(async () => Results.Text(JsonSerializer.Serialize(await engine.GetOutputsAsync(id, http.RequestAborted).ConfigureAwait(false), ComputeJobJson.Options), "application/json")).ConfigureAwait(false);
        }).WithName("listComputeJobOutputs").WithSummary("The outputs of the job we received (values inline, tables and blobs by reference).").Produces<ComputeJobOutput[]>();

        jobs.MapGet("/{id}/outputs/{taskId}/{name}", async (HttpContext http, string id, string taskId, string name) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            return await Run(async () =>
            {
                var output = (await engine.GetOutputsAsync(id, http.RequestAborted).ConfigureAwait(false)).FirstOrDefault(o => o.TaskId == taskId && o.Name == name);
                if (output is null) return ManagementResults.NotFound($"job '{id}' has no output '{name}' of task '{taskId}' for us");
                return output.Type == ComputeJobOutput.Value
                    ? Results.Text(output.Content, "application/json")
                    : Results.File(engine.OutputPath(output), output.MediaType, output.Type == ComputeJobOutput.Table ? $"{name}.csv" : name);
            }).ConfigureAwait(false);
        }).WithName("getComputeJobOutput").WithSummary("One output's content: a value as JSON, a table as CSV, a blob as stored.");

        api.MapPut("/compute/inputs/{name}", async (HttpContext http, string name) =>
        {
            if (Engine(http) is not { } engine) return NoEngine();
            if (name.Length is 0 or > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') || name.StartsWith('.'))
                return ManagementResults.BadRequest($"input name '{name}' is not valid: expected 1 to 128 letters, digits, '_', '-' or '.'");
            if (http.Request.ContentLength > MaxUploadBytes) return ManagementResults.BadRequest($"the upload is larger than {MaxUploadBytes} bytes");
            var path = await engine.SaveInputAsync(name, http.Request.Body, MaxUploadBytes, http.RequestAborted).ConfigureAwait(false);
            return path is null ? ManagementResults.BadRequest($"the upload is larger than {MaxUploadBytes} bytes") : Results.Ok(new { path });
        }).WithTags("Compute").WithName("uploadComputeInput").WithSummary("Uploads a CSV input; the answer's path is what a task's file input names.");
        return api;
    }

    private static EmbeddedComputeEngine? Engine(HttpContext http) => ComputeDspEndpoints.Engine(http);

    private static IResult NoEngine() => ManagementResults.NotFound("this connector runs no compute engine (the engine is registered with AddComputeEngine)");

    private static IResult Job(ComputeJob job, int status = StatusCodes.Status200OK) => Results.Text(ComputeJobJson.Serialize(job), "application/json", statusCode: status);

    private static Task<IResult> Act(HttpContext http, Func<EmbeddedComputeEngine, Task<ComputeJob>> action)
        => Engine(http) is { } engine ? Run(async () => Job(await action(engine).ConfigureAwait(false))) : Task.FromResult(NoEngine());

    private static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ComputeEngineException e)
        {
            return Results.Problem(statusCode: ComputeDspEndpoints.Status(e), title: e.Code, detail: e.Message);
        }
    }

    /// <summary>A reason given with a rejection or a stop.</summary>
    /// <param name="Reason">Why; every party reads it.</param>
    public sealed record ReasonRequest(string? Reason);
}
