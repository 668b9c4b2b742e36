using Dataspace.Cli.Identity.Registration;

namespace Dataspace.Cli.Tests.Identity.Registration;

public sealed class UnifiedSocialCreditCodeTests
{
    // Published codes of well-known companies (on their business licences and in the national enterprise credit
    // publicity system): Huawei Technologies Co., Ltd.; Shenzhen Tencent Computer Systems Co., Ltd.; Alibaba (China) Co., Ltd.
    [Theory]
    [InlineData("914403001922038216")]
    [InlineData("9144030071526726XG")]
    [InlineData("91330100716105852F")]
    public void IsValid_PublishedCodes_AreValid(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code, out var reason), reason);

    [Theory]
    [InlineData("914403001922038217", "check character")] // last character changed
    [InlineData("914403001922038261", "check character")] // two characters swapped
    [InlineData("914403001922033816", "check character")] // a transposition inside the organisation code
    [InlineData("9144030071526726XH", "check character")]
    [InlineData("9144030071526726xg", "is not one of")] // lower case
    [InlineData("91440300192203821I", "is not one of")] // I is not in the alphabet
    [InlineData("9144030019220382O6", "is not one of")] // nor O
    [InlineData("91440A001922038216", "administrative division")]
    [InlineData("91440300192203821", "18 characters")]
    [InlineData("", "18 characters")]
    public void IsValid_CorruptedCodes_AreRefusedWithTheReason(string code, string reason)
    {
        Assert.False(UnifiedSocialCreditCode.IsValid(code, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void IsValid_EverySingleCharacterChange_IsCaught()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        const string code = "91330100716105852F";
        for (var i = 0; i < code.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != code[i]))
            {
                var changed = code[..i] + c + code[(i + 1)..];
                Assert.False(UnifiedSocialCreditCode.IsValid(changed, out _), changed);
            }
        }
    }
}
