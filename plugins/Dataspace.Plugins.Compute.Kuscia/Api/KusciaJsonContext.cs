using System.Text.Json.Serialization;

namespace Dataspace.Plugins.Compute.Kuscia.Api;

/// <summary>KusciaAPI's JSON: snake_case names as protoc-gen-go tags them; unknown members are ignored, nulls not written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateJobRequest))]
[JsonSerializable(typeof(JobIdRequest))]
[JsonSerializable(typeof(JobReasonRequest))]
[JsonSerializable(typeof(ApproveJobRequest))]
[JsonSerializable(typeof(WatchJobRequest))]
[JsonSerializable(typeof(WatchJobEvent))]
[JsonSerializable(typeof(CreateGrantRequest))]
[JsonSerializable(typeof(GrantIdRequest))]
[JsonSerializable(typeof(QueryDomainDataRequest))]
[JsonSerializable(typeof(KusciaResponse<JobIdData>))]
[JsonSerializable(typeof(KusciaResponse<QueryJobData>))]
[JsonSerializable(typeof(KusciaResponse<GrantIdData>))]
[JsonSerializable(typeof(KusciaResponse<DomainDataGrant>))]
[JsonSerializable(typeof(KusciaResponse<KusciaDomainData>))]
[JsonSerializable(typeof(KusciaResponse<object>))]
internal sealed partial class KusciaJsonContext : JsonSerializerContext;
