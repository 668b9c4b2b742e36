namespace Dataspace.Cli.Identity.Registration;

/// <summary>How <c>authority serve</c> decides applications (<c>--approve</c>).</summary>
internal enum ApprovalMode
{
    /// <summary>The operator approves or rejects each with <c>authority applications approve|reject</c>.</summary>
    Manual = 0,

    /// <summary>Every valid application is approved at once (for did:web, only with the endpoint on the DID's host).</summary>
    Auto = 1,
}
