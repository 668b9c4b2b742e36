namespace Dataspace.Identity.Credentials;

/// <summary>Where a credential's status bit lives: a status list credential URL, an index and a purpose.</summary>
public sealed record CredentialStatusEntry
{
    /// <summary>The URL of the status list credential.</summary>
    public required string StatusListCredential { get; init; }

    /// <summary>The credential's index in the list.</summary>
    public required int Index { get; init; }

    /// <summary>The purpose (see <see cref="StatusLists.StatusPurposes"/>).</summary>
    public string Purpose { get; init; } = StatusLists.StatusPurposes.Revocation;

    /// <summary>Bits per entry (Bitstring Status List <c>statusSize</c>); only 1 is supported.</summary>
    public int Size { get; init; } = 1;
}
