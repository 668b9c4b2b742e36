using System.Net;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Run;

/// <summary>
/// The data folder holds the database, keys, credentials and tokens: whatever the umask an operator runs with, every
/// folder in it ends up 0700 and every file 0600 (looser modes left from before are tightened at start).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderPermissionsTests : IDisposable
{
    private const string Secret = "cli-permissions-test-secret";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-permissions-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Run_UnderUmask000_LeavesEveryFolder0700AndEveryFile0600()
    {
        var data = Path.Combine(_temp.FullName, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, (UnixFileMode)0b111_111_111);
        var leftover = Path.Combine(data, "leftover.txt");
        await File.WriteAllTextAsync(leftover, "written before");
        File.SetUnixFileMode(leftover, (UnixFileMode)0b110_110_110);

        await using (var connector = await ConnectorProcess.StartAsync(
            "bash",
            ["-c", "umask 000 && exec dotnet \"$0\" run --port 0 --data-dir \"$1\"", Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), data],
            _temp.FullName,
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string> { ["DATASPACE_KEYSTORE_SECRET"] = Secret }))
        {
            using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

            // The sign-in page carries an antiforgery token, which creates the data-protection key ring.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/portal/login")).StatusCode);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "data-protection-keys")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys")));
            Assert.True(File.Exists(Path.Combine(data, "connector.db-wal")), "the database runs in WAL mode: its -wal file is checked too");

            AssertOwnerOnly(data);
            Assert.Equal(0, await connector.TerminateAsync(TimeSpan.FromSeconds(20)));
        }

        AssertOwnerOnly(data);
    }

    [Fact]
    public async Task AuthorityInit_UnderUmask000_WritesOwnerOnlyFiles()
    {
        var data = Path.Combine(_temp.FullName, "authority");
        var (exit, output) = await ProcessRunner.RunAsync(
            "bash",
            ["-c", "umask 000 && exec dotnet \"$0\" authority init --did did:web:city.example --data-dir \"$1\"", Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), data],
            _temp.FullName,
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string> { ["DATASPACE_KEYSTORE_SECRET"] = Secret });
        Assert.True(exit == 0, output);

        Assert.True(File.Exists(Path.Combine(data, "trust-anchors.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "authority")));
        AssertOwnerOnly(data);
    }

    private static void AssertOwnerOnly(string root)
    {
        var wrong = new List<string>();
        void Check(FileSystemInfo entry, UnixFileMode expected)
        {
            if (entry.LinkTarget is null && (entry.UnixFileMode & (UnixFileMode)0b111_111_111) != expected)
            {
                wrong.Add($"{Path.GetRelativePath(root, entry.FullName)} is {Convert.ToString((int)entry.UnixFileMode, 8)}");
            }
        }

        var top = new DirectoryInfo(root);
        Check(top, (UnixFileMode)0b111_000_000);
        foreach (var entry in top.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Check(entry, entry is DirectoryInfo ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000);
        }

        Assert.True(wrong.Count == 0, "not owner-only: " + string.Join(", ", wrong));
    }
}
