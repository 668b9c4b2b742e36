namespace Dataspace.Portal.Tests.Browser;

/// <summary>Where Debian's chromium is (installed by test.sh), and why browser tests skip without it.</summary>
internal static class Chromium
{
    /// <summary>The browser executable: <c>$DATASPACE_CHROMIUM</c>, else <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("DATASPACE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsAvailable => File.Exists(ExecutablePath);

    public static string SkipReason =>
        $"no chromium at {ExecutablePath}: ./test.sh installs Debian's chromium package when it runs as root with network access (or set DATASPACE_CHROMIUM)";

    /// <summary>Flags for a headless browser on a closed network: no sandbox (containers), no GPU, no background calls home.</summary>
    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
}

/// <summary>A fact that drives a real browser; skipped, saying why, where chromium is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsAvailable)
        {
            Skip = Chromium.SkipReason;
        }
    }
}
