namespace Dataspace.Connector.Identity.Products;

/// <summary>A data product registration that could not be made: the management API's status and why.</summary>
internal sealed class ProductRegistrationException : Exception
{
    public ProductRegistrationException()
    {
    }

    public ProductRegistrationException(string message)
        : base(message)
    {
    }

    public ProductRegistrationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ProductRegistrationException(int status, string message, Exception? inner = null)
        : base(message, inner) => Status = status;

    /// <summary>The HTTP status the management API answers with.</summary>
    public int Status { get; init; } = 400;
}
