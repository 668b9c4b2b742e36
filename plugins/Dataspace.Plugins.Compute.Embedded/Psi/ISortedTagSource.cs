namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>Tags in ascending order, read one at a time.</summary>
internal interface ISortedTagSource : IAsyncDisposable
{
    /// <summary>The current tag, valid after <see cref="MoveNextAsync"/> returned true.</summary>
    MaskedTag Current { get; }

    /// <summary>Moves to the next tag; false at the end.</summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken);
}
