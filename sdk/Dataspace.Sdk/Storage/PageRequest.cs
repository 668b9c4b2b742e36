namespace Dataspace.Sdk.Storage;

/// <summary>Which slice of a list to return.</summary>
public sealed record PageRequest(int Offset = 0, int Limit = 50)
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 500;
}
