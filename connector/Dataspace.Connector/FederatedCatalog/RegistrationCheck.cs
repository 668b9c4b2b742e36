namespace Dataspace.Connector.FederatedCatalog;

/// <summary>What verifying a dataset's registration record found: registered (with what the record says) or why not.</summary>
/// <param name="Registered">Whether the record holds.</param>
/// <param name="Number">The registration number, when registered.</param>
/// <param name="Classification">The classification level the record gives, when registered.</param>
/// <param name="Reason">Why the record is not trusted, when not registered.</param>
public sealed record RegistrationCheck(bool Registered, string? Number, string? Classification, string? Reason)
{
    /// <summary>A record that holds.</summary>
    public static RegistrationCheck Valid(string number, string? classification) => new(true, number, classification, null);

    /// <summary>A record that is ignored, and why.</summary>
    public static RegistrationCheck Ignored(string reason) => new(false, null, null, reason);
}
