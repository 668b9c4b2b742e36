// KusciaAPI's JSON messages, written from Kuscia's protobuf files (proto/api/v1alpha1/common.proto,
// kusciaapi/job.proto, kusciaapi/domaindatagrant.proto, kusciaapi/domaindata.proto; docs/compute/kuscia.md cites them).
// The HTTP gateway binds them with Go's encoding/json and the generated snake_case tags, so numbers stay numbers.
#pragma warning disable SA1402, SA1649 // The messages of one API belong together.
namespace Dataspace.Plugins.Compute.Kuscia.Api;

/// <summary>common.proto Status: code 0 is success.</summary>
internal sealed record KusciaStatus
{
    public int Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>Every KusciaAPI answer: a status and, on success, its data.</summary>
internal sealed record KusciaResponse<T>
{
    public KusciaStatus? Status { get; init; }

    public T? Data { get; init; }
}

/// <summary>job.proto CreateJobRequest.</summary>
internal sealed record CreateJobRequest
{
    public required string JobId { get; init; }

    public required string Initiator { get; init; }

    public int MaxParallelism { get; init; }

    public required IReadOnlyList<KusciaTask> Tasks { get; init; }

    public IReadOnlyDictionary<string, string>? CustomFields { get; init; }
}

/// <summary>job.proto Task (and TaskConfig in a query's answer).</summary>
internal sealed record KusciaTask
{
    public string? AppImage { get; init; }

    public IReadOnlyList<KusciaParty>? Parties { get; init; }

    public string? Alias { get; init; }

    public string? TaskId { get; init; }

    public IReadOnlyList<string>? Dependencies { get; init; }

    public string? TaskInputConfig { get; init; }

    public int Priority { get; init; }
}

/// <summary>job.proto Party.</summary>
internal sealed record KusciaParty
{
    public string? DomainId { get; init; }

    public string? Role { get; init; }
}

/// <summary>The data of CreateJob, StopJob, ApproveJob, ... answers.</summary>
internal sealed record JobIdData
{
    public string? JobId { get; init; }
}

/// <summary>QueryJobRequest and DeleteJobRequest.</summary>
internal sealed record JobIdRequest
{
    public required string JobId { get; init; }
}

/// <summary>StopJobRequest, SuspendJobRequest and RestartJobRequest.</summary>
internal sealed record JobReasonRequest
{
    public required string JobId { get; init; }

    public string? Reason { get; init; }
}

/// <summary>job.proto ApproveJobRequest.</summary>
internal sealed record ApproveJobRequest
{
    public required string JobId { get; init; }

    /// <summary>ApproveResult: 1 accept, 2 reject.</summary>
    public required int Result { get; init; }

    public string? Reason { get; init; }
}

/// <summary>job.proto QueryJobResponseData.</summary>
internal sealed record QueryJobData
{
    public string? JobId { get; init; }

    public string? Initiator { get; init; }

    public int MaxParallelism { get; init; }

    public IReadOnlyList<KusciaTask>? Tasks { get; init; }

    public JobStatusDetail? Status { get; init; }
}

/// <summary>job.proto JobStatusDetail.</summary>
internal sealed record JobStatusDetail
{
    public string? State { get; init; }

    public string? ErrMsg { get; init; }

    public string? CreateTime { get; init; }

    public string? StartTime { get; init; }

    public string? EndTime { get; init; }

    public IReadOnlyList<KusciaTaskStatus>? Tasks { get; init; }

    public IReadOnlyList<PartyState>? ApproveStatusList { get; init; }
}

/// <summary>job.proto TaskStatus.</summary>
internal sealed record KusciaTaskStatus
{
    public string? TaskId { get; init; }

    public string? State { get; init; }

    public string? ErrMsg { get; init; }

    public IReadOnlyList<PartyState>? Parties { get; init; }

    public string? Alias { get; init; }

    public double Progress { get; init; }
}

/// <summary>job.proto PartyStatus / PartyApproveStatus (the fields this adapter reads).</summary>
internal sealed record PartyState
{
    public string? DomainId { get; init; }

    public string? State { get; init; }

    public string? ErrMsg { get; init; }
}

/// <summary>job.proto WatchJobRequest.</summary>
internal sealed record WatchJobRequest
{
    public long TimeoutSeconds { get; init; }
}

/// <summary>job.proto WatchJobEventResponse: type is EventType (0 ADDED, 1 MODIFIED, 2 DELETED, 3 ERROR, 4 HEARTBEAT).</summary>
internal sealed record WatchJobEvent
{
    public int Type { get; init; }

    public JobStatusEntry? Object { get; init; }
}

/// <summary>job.proto JobStatus.</summary>
internal sealed record JobStatusEntry
{
    public string? JobId { get; init; }

    public JobStatusDetail? Status { get; init; }
}

/// <summary>domaindatagrant.proto CreateDomainDataGrantRequest.</summary>
internal sealed record CreateGrantRequest
{
    public string? DomaindatagrantId { get; init; }

    public required string DomaindataId { get; init; }

    public required string GrantDomain { get; init; }

    public GrantLimit? Limit { get; init; }

    public IReadOnlyDictionary<string, string>? Description { get; init; }

    public string? Signature { get; init; }

    public required string DomainId { get; init; }
}

/// <summary>domaindatagrant.proto GrantLimit; expiration_time is Unix nanoseconds.</summary>
internal sealed record GrantLimit
{
    public long ExpirationTime { get; init; }

    public int UseCount { get; init; }

    public string? FlowId { get; init; }

    public IReadOnlyList<string>? Components { get; init; }

    public string? Initiator { get; init; }

    public string? InputConfig { get; init; }
}

/// <summary>The data of CreateDomainDataGrantResponse.</summary>
internal sealed record GrantIdData
{
    public string? DomaindatagrantId { get; init; }
}

/// <summary>QueryDomainDataGrantRequest and DeleteDomainDataGrantRequest.</summary>
internal sealed record GrantIdRequest
{
    public required string DomainId { get; init; }

    public required string DomaindatagrantId { get; init; }
}

/// <summary>domaindatagrant.proto DomainDataGrant.</summary>
internal sealed record DomainDataGrant
{
    public CreateGrantRequest? Data { get; init; }
}

/// <summary>domaindata.proto QueryDomainDataRequest.</summary>
internal sealed record QueryDomainDataRequest
{
    public required DomainDataKey Data { get; init; }
}

/// <summary>domaindata.proto QueryDomainDataRequestData.</summary>
internal sealed record DomainDataKey
{
    public required string DomainId { get; init; }

    public required string DomaindataId { get; init; }
}

/// <summary>domaindata.proto DomainData (the fields this adapter reads).</summary>
internal sealed record KusciaDomainData
{
    public string? DomaindataId { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? RelativeUri { get; init; }

    public string? DomainId { get; init; }

    public string? DatasourceId { get; init; }

    public string? Status { get; init; }
}
