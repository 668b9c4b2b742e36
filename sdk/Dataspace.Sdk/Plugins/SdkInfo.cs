namespace Dataspace.Sdk.Plugins;

/// <summary>The version of the SDK contracts the running host was built with.</summary>
public static class SdkInfo
{
    /// <summary>The SDK's assembly version; fixed within a major version.</summary>
    public static Version Version { get; } = typeof(SdkInfo).Assembly.GetName().Version ?? new Version(0, 0);
}
