using System.CommandLine;
using System.Globalization;
using Dataspace.Evidence.Bundles;

namespace Dataspace.Cli.Audit;

/// <summary>
/// <c>dataspace audit verify BUNDLE</c>: checks an evidence bundle offline. Exit 0 with a one-line summary when it
/// verifies, 1 naming the first bad entry (or the failed check) when it does not, 2 when the file cannot be read as a bundle.
/// An agreement's bundle must also be co-signed by the agreement's counter-party (on a checkpoint covering the agreement);
/// <c>--allow-unwitnessed</c> accepts one that is not, with a warning.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create()
    {
        var bundle = new Argument<FileInfo>("BUNDLE") { Description = "The evidence bundle file (from 'dataspace audit export' or 'dataspace demo --evidence')" };
        var allowUnwitnessed = new Option<bool>("--allow-unwitnessed")
        {
            Description = "Accept an agreement's bundle that its counter-party did not co-sign (printed as a warning): without that cosignature the log's owner alone vouches for the agreement's history",
        };
        var command = new Command("verify", "Verify an evidence bundle offline: signatures, witness cosignatures (an agreement's counter-party must have co-signed), manifest and every entry's Merkle proof.");
        command.Arguments.Add(bundle);
        command.Options.Add(allowUnwitnessed);
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(bundle)!;
            var verification = await VerifyAsync(ResolveBundleFile(file), cancellationToken).ConfigureAwait(false);
            if (!verification.IsValid)
            {
                var where = verification.FirstBadEntry is { } index ? $"first bad entry {index.ToString(CultureInfo.InvariantCulture)}: " : string.Empty;
                throw new CliException($"{file.Name} does not verify: {where}{verification.Reason}", 1);
            }

            if (verification.WitnessProblem is { } unwitnessed)
            {
                if (!result.GetValue(allowUnwitnessed))
                {
                    throw new CliException($"{file.Name} does not verify: {unwitnessed} (pass --allow-unwitnessed to accept it without the counter-party's cosignature)", 1);
                }

                await result.InvocationConfiguration.Error.WriteLineAsync($"warning: {file.Name}: {unwitnessed}; accepted because of --allow-unwitnessed").ConfigureAwait(false);
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(Summary(file.Name, verification)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    internal static string Summary(string name, EvidenceBundleVerification verification)
    {
        var checkpoint = verification.Checkpoint!;
        var witnesses = verification.Witnesses.Count == 0 ? "no witness cosignatures" : "witnessed by " + string.Join(", ", verification.Witnesses);
        var notes = verification.Notes.Count == 0 ? string.Empty : "; did:web documents taken from the bundle";
        return $"ok: {name}: {verification.EntryCount} entries verified against checkpoint {checkpoint.Origin} size {checkpoint.Size} " +
               $"(root {Convert.ToHexStringLower(checkpoint.Root)}), {witnesses}, exported by {verification.Exporter}{notes}";
    }

    /// <summary>A bundle given as a folder (as <c>demo --evidence</c> may write) is read from the one <c>*.bundle</c> file in it.</summary>
    private static FileInfo ResolveBundleFile(FileInfo file)
    {
        if (!Directory.Exists(file.FullName))
        {
            return file;
        }

        var bundles = Directory.GetFiles(file.FullName, "*.bundle");
        return bundles.Length == 1
            ? new FileInfo(bundles[0])
            : throw new CliException($"{file.FullName} is a folder with {bundles.Length} '*.bundle' files; give the bundle file itself.", 2);
    }

    private static async Task<EvidenceBundleVerification> VerifyAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return await EvidenceBundleVerifier.VerifyAsync(stream, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {file.FullName}: {e.Message}", 2);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot read {file.FullName}: {e.Message}", 2);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{file.Name} is not a readable evidence bundle: {e.Message}", 2);
        }
    }
}
