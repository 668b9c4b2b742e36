namespace Dataspace.Sdk.Testing.Storage;

/// <summary>A store broke its port's contract; the message says what was expected and what happened.</summary>
public sealed class StoreContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreContractException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public StoreContractException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public StoreContractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
