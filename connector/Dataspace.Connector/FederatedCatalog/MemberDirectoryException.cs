namespace Dataspace.Connector.FederatedCatalog;

/// <summary>The member directory could not be read at all (its file, its registry); the crawl keeps what it has.</summary>
public sealed class MemberDirectoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MemberDirectoryException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public MemberDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public MemberDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
