namespace Dataspace.Sdk.Storage;

/// <summary>What one <see cref="IOutboxStore.ClaimWorkAsync"/> claimed: due messages and due process steps.</summary>
/// <param name="Messages">The claimed messages, oldest first (at most one per process).</param>
/// <param name="Steps">The claimed steps, oldest first.</param>
public sealed record OutboxWork(IReadOnlyList<OutboxMessage> Messages, IReadOnlyList<ProcessStep> Steps)
{
    /// <summary>Nothing claimed.</summary>
    public static OutboxWork None { get; } = new([], []);
}
