namespace Dataspace.Conformance.Reports;

/// <summary>Where a run's reports were written, and the JSON report's digest.</summary>
public sealed record ReportFiles(string Json, string JUnit, string Html, string Digest);
