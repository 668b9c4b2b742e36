using Dataspace.Connector.Plugins;

namespace Dataspace.Connector.Tests.Plugins;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("[1.0,2.0)", "1.0.0", true)]
    [InlineData("[1.0,2.0)", "1.9.9", true)]
    [InlineData("[1.0,2.0)", "2.0.0", false)]
    [InlineData("[1.0,2.0]", "2.0.0", true)]
    [InlineData("(1.0,2.0)", "1.0.0", false)]
    [InlineData("1.0", "7.0.0", true)]
    [InlineData("1.2", "1.1.0", false)]
    [InlineData("[1.0]", "1.0.0.0", true)]
    [InlineData("[1.0]", "1.0.1", false)]
    [InlineData("[2.0,3.0)", "1.0.0", false)]
    [InlineData("(,2.0)", "1.5.0", true)]
    [InlineData("[1.5,)", "1.4.0", false)]
    public void Contains_FollowsIntervalNotation(string range, string version, bool expected)
    {
        Assert.True(VersionRange.TryParse(range, out var parsed));
        Assert.Equal(expected, parsed.Contains(Version.Parse(version)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("[1.0,2.0")]
    [InlineData("[2.0,1.0)")]
    [InlineData("(1.0)")]
    [InlineData("[,]")]
    [InlineData("[1.0,2.0,3.0)")]
    [InlineData("v1")]
    public void TryParse_Malformed_ReturnsFalse(string range) => Assert.False(VersionRange.TryParse(range, out _));
}
