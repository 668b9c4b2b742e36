namespace Dataspace.Conformance;

/// <summary>One HTTP message exchanged with the target during a check, for the report.</summary>
/// <param name="Direction"><c>sent</c> (the suite called the target) or <c>received</c> (the target called the suite).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Request URL.</param>
/// <param name="Status">Response status, or null when no response came.</param>
/// <param name="RequestBody">Request body (truncated for very large bodies), or null.</param>
/// <param name="ResponseBody">Response body (truncated for very large bodies), or null.</param>
/// <param name="At">When the request started.</param>
public sealed record RecordedExchange(
    string Direction, string Method, string Url, int? Status, string? RequestBody, string? ResponseBody, DateTimeOffset At);
