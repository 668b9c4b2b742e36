namespace Dataspace.Dsp;

/// <summary>A message that is valid JSON-LD but not the DSP 2025-1 message expected (wrong @type, missing or mistyped properties).</summary>
public sealed class DspMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DspMessageException()
    {
    }

    /// <summary>Creates the exception with a message saying what was wrong and what was expected.</summary>
    public DspMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DspMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
