namespace Dataspace.Conformance;

/// <summary>The DSP 2025-1 names the suite checks against.</summary>
internal static class DspVocabulary
{
    public const string Context = Dataspace.Dsp.DspContext.Url;
    public const string Namespace = Dataspace.Dsp.DspContext.Namespace;
}
