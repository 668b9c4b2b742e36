using Dataspace.Sdk.Transfer;

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>The folder every FileSystem address is relative to; no address may reach outside it.</summary>
public sealed class FileSystemRoot
{
    /// <summary>The address property holding the path relative to the root.</summary>
    public const string PathProperty = "path";

    /// <summary>Creates the root, creating the folder if needed.</summary>
    public FileSystemRoot(string path)
    {
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Directory.CreateDirectory(FullPath);
    }

    /// <summary>The root folder.</summary>
    public string FullPath { get; }

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
        if (!IsBelowRoot(candidate) || ResolvesOutside(candidate))
        {
            reason = $"'{PathProperty}' '{relative}' leads outside the root folder";
            return false;
        }

        fullPath = candidate;
        reason = "";
        return true;
    }

    private bool IsBelowRoot(string candidate) =>
        candidate.StartsWith(FullPath + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // A symbolic link inside the root must not lead out of it.
    private bool ResolvesOutside(string candidate)
    {
        for (var path = candidate; path.Length > FullPath.Length; path = Path.GetDirectoryName(path)!)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target is null || !IsBelowRoot(Path.GetFullPath(target)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
