namespace Dataspace.Connector.Audit;

/// <summary>The audit record types witnessing writes (besides the DSP messages that carry it).</summary>
public static class WitnessRecordTypes
{
    /// <summary>We co-signed a counter-party's checkpoint covering an agreement (the witness's log).</summary>
    public const string Cosigned = "audit.witness.cosigned";

    /// <summary>We refused a counter-party's checkpoint that does not extend the one we co-signed before: evidence of a rewritten log (the witness's log).</summary>
    public const string Refused = "audit.witness.refused";

    /// <summary>A counter-party's verified cosignature of our checkpoint covering an agreement, stored with the checkpoint (the log owner's log); details name the size.</summary>
    public const string Received = "audit.witness.received";

    /// <summary>A counter-party did not co-sign the checkpoint covering an agreement after every attempt (the log owner's log).</summary>
    public const string Failed = "audit.witness.failed";
}
