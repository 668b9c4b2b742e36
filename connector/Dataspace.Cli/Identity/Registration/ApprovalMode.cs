namespace Dataspace.Cli.Identity.Registration;

/// <summary>How <c>authority serve</c> decides applications (<c>--approve</c>).</summary>
internal enum ApprovalMode
{
    /// <summary>The operator approves or rejects each with <c>authority applications approve|reject</c> or the management API.</summary>
    Manual = 0,

    /// <summary>Every valid application is approved at once (for did:web, only with the endpoint on the DID's host).</summary>
    Auto = 1,

    /// <summary>
    /// A valid application is approved at once when it passes every rule of <see cref="ApprovalRules"/> (a checked USCC,
    /// a did:web on the DSP endpoint's host, only allowed subspaces); otherwise it waits for the operator with the reasons.
    /// </summary>
    Rules = 2,
}
