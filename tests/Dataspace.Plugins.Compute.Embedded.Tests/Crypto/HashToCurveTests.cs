using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Crypto;

public sealed class HashToCurveTests
{
    private static readonly byte[] Dst = Encoding.ASCII.GetBytes("QUUX-V01-CS02-with-expander-SHA512-256");

    // RFC 9380 appendix K.3, expand_message_xmd(SHA-512).
    [Theory]
    [InlineData("", 0x20, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba")]
    [InlineData("abc", 0x20, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc")]
    [InlineData("abc", 0x80, "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58fbca1703cd6032cb1347ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b488431851041310ad659e4b23520e1772ab29dcdeb2002222a363f0c2b1c972b3efe1")]
    public void ExpandMessageXmdSha512_Rfc9380Vectors(string message, int length, string expected)
        => Assert.Equal(expected, Convert.ToHexStringLower(HashToCurve.ExpandMessageXmdSha512(Encoding.ASCII.GetBytes(message), Dst, length)));

    [Fact]
    public void ExpandMessageXmdSha512_TooLongOutput_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => HashToCurve.ExpandMessageXmdSha512([], Dst, 64 * 255 + 1));
}
