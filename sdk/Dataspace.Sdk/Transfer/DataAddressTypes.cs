namespace Dataspace.Sdk.Transfer;

/// <summary>Well-known data address types.</summary>
public static class DataAddressTypes
{
    /// <summary>A file below a root folder configured by the filesystem plugin; property <c>path</c>.</summary>
    public const string FileSystem = "FileSystem";

    /// <summary>An HTTP endpoint; property <c>baseUrl</c>.</summary>
    public const string HttpData = "HttpData";
}
