namespace Dataspace.Sdk.Compute;

/// <summary>One privacy-computing component (<c>domain/name:version</c>), run by every party of a job task in its role.</summary>
/// <remarks>
/// Called concurrently for different tasks. A component talks to the other parties only through
/// <see cref="ComponentContext.Channel"/>, reads only <see cref="ComponentContext.Inputs"/>, and writes only what
/// <see cref="ComponentContext.Release"/> allows to <see cref="ComponentContext.Outputs"/>.
/// </remarks>
public interface IComputeComponent
{
    /// <summary>The component's identifier, e.g. <see cref="ComputeComponents.PsiEcdh"/>.</summary>
    string Name { get; }

    /// <summary>The roles, attributes and releases the component declares; the engine validates a task against it.</summary>
    ComponentDescriptor Descriptor { get; }

    /// <summary>Runs this party's side of one task to its end.</summary>
    /// <returns>Success with metrics, or a failure whose reason every party is told.</returns>
    Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken);
}
