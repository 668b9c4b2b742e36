using System.Text.Json;

namespace Dataspace.Sdk.Compute;

/// <summary>Where a party writes the outputs of a task it receives.</summary>
/// <remarks>Each output has a release kind; the engine refuses one the <see cref="ReleasePolicy"/> does not allow.</remarks>
public interface IComputeOutputs
{
    /// <summary>Writes one value (a count, an aggregate, a metric set) as JSON.</summary>
    Task WriteValueAsync(string name, string releaseKind, JsonElement value, CancellationToken cancellationToken);

    /// <summary>Opens a table output to stream rows into.</summary>
    Task<IComputeTableWriter> OpenTableAsync(string name, string releaseKind, IReadOnlyList<string> columns, CancellationToken cancellationToken);

    /// <summary>Writes a binary output (a model) with its media type.</summary>
    Task WriteBlobAsync(string name, string releaseKind, string mediaType, Stream content, CancellationToken cancellationToken);
}
