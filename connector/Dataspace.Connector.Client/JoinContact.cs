namespace Dataspace.Connector.Client;

/// <summary>The contact of an application to join a data space.</summary>
/// <param name="Name">The contact's name.</param>
/// <param name="Email">The contact's e-mail address.</param>
public sealed record JoinContact(string? Name, string Email);
