namespace Dataspace.Portal.Tests;

public sealed class PortalInfoTests
{
    [Fact]
    public void DefaultPath_IsPortal() => Assert.Equal("/portal", PortalInfo.DefaultPath);
}
