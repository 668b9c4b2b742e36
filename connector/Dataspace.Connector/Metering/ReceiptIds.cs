using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dataspace.Connector.Metering;

/// <summary>Receipt ids both parties derive alike from what the receipt covers, so a repeated exchange finds the same receipt.</summary>
public static class ReceiptIds
{
    /// <summary>The id of the receipt of <paramref name="transferId"/> under <paramref name="agreementId"/>.</summary>
    public static string ForTransfer(string agreementId, string transferId) => Hash($"{agreementId}\ntransfer\n{transferId}");

    /// <summary>The id of the receipt of <paramref name="agreementId"/> over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static string ForPeriod(string agreementId, DateTimeOffset start, DateTimeOffset end) =>
        Hash(string.Create(CultureInfo.InvariantCulture, $"{agreementId}\nperiod\n{start.ToUnixTimeMilliseconds()}\n{end.ToUnixTimeMilliseconds()}"));

    private static string Hash(string text) => "urn:receipt:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
