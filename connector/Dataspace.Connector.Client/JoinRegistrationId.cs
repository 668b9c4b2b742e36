namespace Dataspace.Connector.Client;

/// <summary>An enterprise's registry id: <paramref name="Scheme"/> <c>USCC</c> or another registry's name, and its <paramref name="Value"/>.</summary>
/// <param name="Scheme">The registry.</param>
/// <param name="Value">The id in that registry.</param>
public sealed record JoinRegistrationId(string Scheme, string Value);
