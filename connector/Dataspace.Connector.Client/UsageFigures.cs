namespace Dataspace.Connector.Client;

/// <summary>One party's signed figures on a usage receipt.</summary>
public sealed record UsageFigures(long Bytes, long Requests, long Rows, long Computations, long DurationMs);
