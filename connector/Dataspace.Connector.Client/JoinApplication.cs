namespace Dataspace.Connector.Client;

/// <summary>An application to join a data space (<c>POST identity/join</c>).</summary>
/// <param name="Authority">The authority's URL.</param>
/// <param name="LegalName">The enterprise's registered name.</param>
/// <param name="RegistrationId">The registry id: scheme <c>USCC</c> (unified social credit code) or another registry's name, and the value.</param>
/// <param name="Contact">Who the authority contacts.</param>
/// <param name="Subspaces">The subspaces to join.</param>
public sealed record JoinApplication(string Authority, string LegalName, JoinRegistrationId RegistrationId, JoinContact Contact, IReadOnlyList<string> Subspaces);
