namespace Dataspace.Conformance;

/// <summary>The conformance suite's entry point (filled in by the conformance work).</summary>
public static class ConformanceSuite
{
    /// <summary>The suite's version, named in reports and certificates.</summary>
    public const string Version = "0.1.0";
}
