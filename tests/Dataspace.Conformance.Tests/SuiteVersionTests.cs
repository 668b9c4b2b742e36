using Dataspace.Conformance;

namespace Dataspace.Conformance.Tests;

public sealed class SuiteVersionTests
{
    [Fact]
    public void Version_IsSemantic() => Assert.Matches(@"^\d+\.\d+\.\d+$", ConformanceSuite.Version);
}
