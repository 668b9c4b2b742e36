namespace Dataspace.Identity.Wallet;

/// <summary>A held credential with its state as checked now.</summary>
/// <param name="Credential">The credential.</param>
/// <param name="State">Its state.</param>
/// <param name="Reason">Why it is not valid; null when valid.</param>
public sealed record WalletEntry(StoredCredential Credential, WalletCredentialState State, string? Reason);
