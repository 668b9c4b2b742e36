using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>The folder every FileSystem address is relative to; no address may reach outside it.</summary>
/// <remarks>
/// Symbolic links are resolved component by component before a file is opened, and on Linux the opened handle's
/// real path is checked again afterwards, so a link swapped in between the check and the open is still refused.
/// </remarks>
public sealed class FileSystemRoot
{
    /// <summary>The address property holding the path relative to the root.</summary>
    public const string PathProperty = "path";

    // Linux's own limit on links followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>Creates the root, creating the folder if needed.</summary>
    public FileSystemRoot(string path)
    {
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        CreateFolder(FullPath);
        RealPath = Path.TrimEndingDirectorySeparator(ResolveRealPath(FullPath));
    }

    /// <summary>The root folder.</summary>
    public string FullPath { get; }

    /// <summary>The root folder with every symbolic link on its way resolved: what opened files are compared with.</summary>
    public string RealPath { get; }

    /// <summary>Resolves an address to a file below the root, or returns the reason it cannot.</summary>
    public bool TryResolve(DataAddress address, out string fullPath, out string reason)
    {
        fullPath = "";
        if (!string.Equals(address.Type, DataAddressTypes.FileSystem, StringComparison.Ordinal))
        {
            reason = $"address type '{address.Type}' is not {DataAddressTypes.FileSystem}";
            return false;
        }

        var relative = address.GetProperty(PathProperty);
        if (string.IsNullOrWhiteSpace(relative))
        {
            reason = $"the address has no '{PathProperty}' property";
            return false;
        }

        if (relative.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(relative) || relative.StartsWith('~'))
        {
            reason = $"'{PathProperty}' must be a path relative to the root folder";
            return false;
        }

        var candidate = Path.GetFullPath(Path.Combine(FullPath, relative));
        string real;
        try
        {
            real = ResolveRealPath(candidate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"'{PathProperty}' '{relative}' cannot be resolved: {e.Message}";
            return false;
        }

        if (!IsBelow(FullPath, candidate) || !IsBelow(RealPath, real))
        {
            reason = $"'{PathProperty}' '{relative}' leads outside the root folder";
            return false;
        }

        fullPath = candidate;
        reason = "";
        return true;
    }

    /// <summary>
    /// Whether an opened file really lies below the root. On Linux the kernel's own name for the handle is read, which
    /// closes the window between resolving the path and opening it; elsewhere the path is resolved again.
    /// </summary>
    internal bool IsOpenedBelowRoot(FileStream stream)
    {
        string? real;
        if (OperatingSystem.IsLinux())
        {
            var descriptor = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
            real = new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
        }
        else
        {
            real = ResolveRealPath(stream.Name);
        }

        return real is not null && IsBelow(RealPath, real);
    }

    /// <summary>Creates a folder (and missing parents) owner-only; an existing folder keeps the mode its owner gave it.</summary>
    internal static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool IsBelow(string root, string candidate) =>
        candidate.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The path with every symbolic link resolved, in every component and in every link's target (what realpath(3)
    /// does): two chained links inside the root that together lead outside are seen for what they are.
    /// Components that do not exist yet are kept as they are.
    /// </summary>
    internal static string ResolveRealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.GetFullPath(path);
        }

        var pending = new List<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries));
        pending.Reverse();
        var current = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var component = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Combine(current, component);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"too many levels of symbolic links resolving '{path}'");
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }

            var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                pending.Add(parts[i]);
            }
        }

        return current;
    }
}
