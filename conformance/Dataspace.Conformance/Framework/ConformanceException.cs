namespace Dataspace.Conformance;

/// <summary>A violation found by a check: the message says what the target did and what was expected.</summary>
public sealed class ConformanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConformanceException() { }

    /// <summary>Creates the exception with the violation.</summary>
    public ConformanceException(string message) : base(message) { }

    /// <summary>Creates the exception with the violation and its cause.</summary>
    public ConformanceException(string message, Exception innerException) : base(message, innerException) { }
}
