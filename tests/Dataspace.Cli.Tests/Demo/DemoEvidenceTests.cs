using System.Text.RegularExpressions;
using Dataspace.Cli.Demo;

namespace Dataspace.Cli.Tests.Demo;

/// <summary><c>dataspace demo --evidence DIR</c> writes the provider's evidence bundle for the demo's agreement, which <c>dataspace audit verify</c> accepts.</summary>
public sealed class DemoEvidenceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("demo-evidence-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task DemoWithEvidence_WritesTheAgreementsBundle_CosignedByTheConsumer_WhichAuditVerifyAccepts_AndATamperedCopyItRefuses()
    {
        var evidence = Path.Combine(_folder.FullName, "evidence");

        var (exit, output, error) = await Cli.RunAsync("demo", "--timeout", "60", "--evidence", evidence);

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"\[\d+/(9|10)\] Write the provider's evidence bundle for the agreement \(", output);
        var consumer = Regex.Match(output, @"consumer (did:web:127\.0\.0\.1%3A\d+) at ");
        Assert.True(consumer.Success, output);
        Assert.Contains($"the consumer {consumer.Groups[1].Value} co-signed the provider's checkpoint", output, StringComparison.Ordinal);
        var bundle = Path.Combine(evidence, DemoEvidence.BundleName);
        Assert.True(File.Exists(bundle), output);

        var (verified, verifyOutput, verifyError) = await Cli.RunAsync("audit", "verify", bundle);
        Assert.True(verified == 0, verifyError + verifyOutput);
        Assert.Contains("witnessed by " + consumer.Groups[1].Value, verifyOutput, StringComparison.Ordinal);

        // The folder is accepted too, and a copy with one byte changed is not.
        Assert.Equal(0, (await Cli.RunAsync("audit", "verify", evidence)).ExitCode);
        var tampered = Path.Combine(_folder.FullName, "tampered.bundle");
        var bytes = await File.ReadAllBytesAsync(bundle);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(tampered, bytes);
        // 1: verified and found bad; 2: not even readable as a bundle. Either way, not accepted.
        var (refused, _, refusal) = await Cli.RunAsync("audit", "verify", tampered);
        Assert.True(refused is 1 or 2, $"exit {refused}: {refusal}");
        Assert.Contains("tampered.bundle", refusal, StringComparison.Ordinal);
    }
}
