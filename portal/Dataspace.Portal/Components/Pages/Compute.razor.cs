using System.Text.Json.Nodes;
using Dataspace.Connector.Client;
using Dataspace.Portal.Session;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dataspace.Portal.Components.Pages;

/// <summary>Compute jobs: propose one under an agreement, list them, and watch, approve, reject, stop, suspend or restart one and read its outputs.</summary>
public sealed partial class Compute
{
    private const int PageSize = 20;
    private readonly ComputeProposal proposal = new();
    private IReadOnlyList<JsonObject> jobs = [];
    private IReadOnlyList<Agreement> agreements = [];
    private IReadOnlyList<JsonObject> outputs = [];
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyList<string>>> previews = new(StringComparer.Ordinal);
    private JsonObject? selected;
    private string? self;
    private int offset;
    private int total;
    private string stateFilter = "";
    private string? reason;
    private bool following;

    [Inject]
    private IHttpClientFactory HttpClients { get; set; } = default!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = default!;

    /// <summary>The job shown in detail.</summary>
    [SupplyParameterFromQuery(Name = "selected")]
    public string? SelectedId { get; set; }

    /// <inheritdoc/>
    protected override async Task OnInitializedAsync()
    {
        await RunAsync(async (client, ct) =>
        {
            self = (await client.GetInfoAsync(ct)).ParticipantId;
            agreements = [.. (await client.ListAgreementsAsync(limit: 100, cancellationToken: ct)).Items.Where(a => a.ConsumerId == self)];
        });
    }

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        selected = null;
        outputs = [];
        previews.Clear();
        if (SelectedId is { Length: > 0 } id && await LoadSelectedAsync(id))
        {
            _ = FollowAsync();
        }

        await LoadAsync(offset);
    }

    private async Task LoadAsync(int newOffset) => await RunAsync(async (client, ct) =>
    {
        var page = await client.ListComputeJobsAsync(stateFilter.Length == 0 ? null : stateFilter, null, newOffset, PageSize, ct);
        jobs = [.. ComputeJobs.Objects(page["items"])];
        total = page["total"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : jobs.Count;
        offset = newOffset;
    });

    private async Task<bool> LoadSelectedAsync(string id)
    {
        var loaded = await RunAsync(async (client, ct) => selected = await client.GetComputeJobAsync(id, ct));
        if (loaded && selected is not null && ComputeJobs.Text(selected, "state") == ComputeJobs.Succeeded && outputs.Count == 0)
        {
            await RunAsync(async (client, ct) => outputs = [.. (await client.GetComputeOutputsAsync(id, ct)).OfType<JsonObject>()]);
            await PreviewTablesAsync(id);
        }

        return loaded;
    }

    // A table is previewed with a row limit; the whole table is the download link's.
    private async Task PreviewTablesAsync(string id)
    {
        var key = PortalAuthentication.ApiKeyOf((await Authentication.GetAuthenticationStateAsync()).User);
        if (key is null)
        {
            return;
        }

        foreach (var output in outputs.Where(o => ComputeJobs.Text(o, "type") == "table"))
        {
            var taskId = ComputeJobs.Text(output, "taskId");
            var name = ComputeJobs.Text(output, "name");
            await CallAsync(async ct =>
            {
                var rows = await ComputeOutputDownload.PreviewAsync(HttpClients.CreateClient(PortalConnection.HttpClientName), key, id, taskId, name, ComputeJobs.PreviewRows, ct);
                previews[ComputeJobs.OutputHref(id, taskId, name)] = rows;
            }, T["The connector cannot be reached"], T["The connector did not answer in time"]);
        }
    }

    // While the job moves on its own (proposed, approved, running), look again so the page follows it to its end.
    private async Task FollowAsync()
    {
        if (following)
        {
            return;
        }

        following = true;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), Time);
        try
        {
            while (selected is not null && ComputeJobs.IsMoving(ComputeJobs.Text(selected, "state")) && await timer.WaitForNextTickAsync(Leaving))
            {
                await InvokeAsync(async () =>
                {
                    await LoadSelectedAsync(ComputeJobs.Text(selected, "id"));
                    await LoadAsync(offset);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The operator left the page.
        }
        finally
        {
            following = false;
        }
    }

    private async Task ActAsync(string action)
    {
        Status = null;
        var id = ComputeJobs.Text(selected, "id");
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (action is "reject" or "stop" && why is null)
        {
            Error = T["Give a reason: every party of the job reads it."];
            return;
        }

        if (await RunAsync(async (client, ct) => selected = await client.ActOnComputeJobAsync(id, action, why, ct)))
        {
            Status = T.Format("Compute job {0}: {1}.", id, T[ComputeJobs.Text(selected, "state")]);
            await LoadAsync(offset);
            _ = FollowAsync();
        }
    }

    private async Task ProposeAsync()
    {
        Status = null;
        var agreement = agreements.FirstOrDefault(a => a.Id == proposal.AgreementId);
        if (agreement is null)
        {
            Error = T["Choose an agreement under which this connector is the consumer."];
            return;
        }

        if (string.IsNullOrWhiteSpace(proposal.Component) || string.IsNullOrWhiteSpace(proposal.InputPath))
        {
            Error = T["Give the component (domain/name:version) and our input file."];
            return;
        }

        if (ComputeJobs.ParseAttributes(proposal.Attributes).Error is { } invalid)
        {
            Error = T["The attributes are not a JSON object"] + ": " + invalid;
            return;
        }

        JsonObject? job = null;
        if (await RunAsync(async (client, ct) =>
            {
                var negotiation = await client.GetNegotiationAsync(agreement.NegotiationId, ct);
                var (request, _) = ComputeJobs.BuildRequest(proposal, agreement, negotiation.CounterPartyAddress);
                job = await client.ProposeComputeJobAsync(request!, ct);
            }) && job is not null)
        {
            Status = T.Format("Compute job {0}: {1}.", ComputeJobs.Text(job, "id"), T[ComputeJobs.Text(job, "state")]);
            await LoadAsync(0);
        }
    }
}
