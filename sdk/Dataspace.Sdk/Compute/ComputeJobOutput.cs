namespace Dataspace.Sdk.Compute;

/// <summary>One output of a job that this party received.</summary>
/// <param name="JobId">The job.</param>
/// <param name="TaskId">The task that wrote it.</param>
/// <param name="Name">The output's name within the task.</param>
/// <param name="Receiver">The participant it is for (this party).</param>
/// <param name="ReleaseKind">Its release kind (<see cref="ReleaseKinds"/>).</param>
/// <param name="Type"><see cref="Value"/>, <see cref="Table"/> or <see cref="Blob"/>.</param>
/// <param name="Content">For a value: its JSON; for a table or blob: the file's path relative to the compute output folder.</param>
/// <param name="MediaType">The media type (<c>application/json</c>, <c>text/csv</c> or the blob's).</param>
/// <param name="Size">Bytes of the value or file.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record ComputeJobOutput(
    string JobId, string TaskId, string Name, string Receiver, string ReleaseKind, string Type, string Content, string MediaType, long Size, DateTimeOffset CreatedAt)
{
    /// <summary>A JSON value.</summary>
    public const string Value = "value";

    /// <summary>A CSV table in a file.</summary>
    public const string Table = "table";

    /// <summary>A binary file.</summary>
    public const string Blob = "blob";
}
