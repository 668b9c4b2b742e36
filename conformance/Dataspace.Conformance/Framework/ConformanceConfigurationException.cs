namespace Dataspace.Conformance;

/// <summary>
/// The suite could not run a check because its own configuration is incomplete or malformed (a missing key, a value
/// of the wrong kind). The target did nothing wrong, so the runner reports the check as <see cref="CheckOutcome.Error"/>,
/// never as <see cref="CheckOutcome.Failed"/>.
/// </summary>
public sealed class ConformanceConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConformanceConfigurationException() { }

    /// <summary>Creates the exception naming the key and what was wrong with it.</summary>
    public ConformanceConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ConformanceConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
