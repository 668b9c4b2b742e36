namespace Dataspace.Cli.Identity.Registration;

/// <summary>A DCP credential request received from a member, and where its delivery stands.</summary>
internal sealed record IssuanceRequest
{
    /// <summary>The issuer's process id (the status URL's last segment).</summary>
    public required string IssuerPid { get; init; }

    /// <summary>The holder's process id, echoed in the <c>CredentialMessage</c>.</summary>
    public required string HolderPid { get; init; }

    public required string Did { get; init; }

    /// <summary>The credential object ids requested.</summary>
    public required IReadOnlyList<string> CredentialIds { get; init; }

    /// <summary><c>RECEIVED</c>, <c>ISSUED</c> or <c>REJECTED</c>.</summary>
    public required string Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>The credentials issued for it (type, JWT, credential id), kept so a retried delivery sends the same ones.</summary>
    public IReadOnlyList<IssuedForRequest> Credentials { get; init; } = [];

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }
}

/// <summary>One credential issued for a request.</summary>
internal sealed record IssuedForRequest(string CredentialType, string CredentialId, string Jwt);
