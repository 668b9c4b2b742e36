namespace Dataspace.Sdk.Audit;

/// <summary>The audit record types the connector writes.</summary>
public static class AuditRecordTypes
{
    /// <summary>A DSP message received from a peer (its digest, type, process).</summary>
    public const string DspMessageReceived = "dsp.message.received";

    /// <summary>A DSP message sent to a peer.</summary>
    public const string DspMessageSent = "dsp.message.sent";

    /// <summary>A policy decision with its compliance report (scope, permit or deny, reasons).</summary>
    public const string PolicyDecision = "policy.decision";

    /// <summary>A contract agreement, with its full signed text.</summary>
    public const string Agreement = "agreement";

    /// <summary>A data access under an agreement (pull request, push delivery, stream).</summary>
    public const string DataAccess = "data.access";

    /// <summary>A computation run under an agreement.</summary>
    public const string Computation = "computation";

    /// <summary>A change made through the management API (who, what, before and after digests).</summary>
    public const string ManagementChange = "management.change";

    /// <summary>A credential issued.</summary>
    public const string CredentialIssued = "credential.issued";

    /// <summary>A credential revoked.</summary>
    public const string CredentialRevoked = "credential.revoked";
}
