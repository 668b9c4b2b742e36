namespace Dataspace.Sdk.Storage;

/// <summary>
/// Creates and repairs files only the connector's own OS user may read or write: folders 0700, files 0600, whatever the
/// process umask. State (database, keys, credentials, tokens) goes through here.
/// </summary>
/// <remarks>On Windows the modes do not apply and every method only creates or writes.</remarks>
public static class PrivateFiles
{
    /// <summary>The mode of a private folder: rwx for the owner only.</summary>
    public const UnixFileMode FolderUnixMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of a private file: rw for the owner only.</summary>
    public const UnixFileMode FileUnixMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates a folder (and missing parents) as private, and makes an existing one private.</summary>
    public static DirectoryInfo CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        // CreateDirectory gives the mode to the last folder only; parents it creates get the umask's. Note them first.
        var created = new List<string>();
        for (var missing = Path.GetFullPath(path); !string.IsNullOrEmpty(missing) && !Directory.Exists(missing); missing = Path.GetDirectoryName(missing))
        {
            created.Add(missing);
        }

        var folder = Directory.CreateDirectory(path, FolderUnixMode);
        foreach (var parent in created)
        {
            File.SetUnixFileMode(parent, FolderUnixMode);
        }

        // An existing folder keeps its mode through CreateDirectory: tighten it.
        File.SetUnixFileMode(folder.FullName, FolderUnixMode);
        return folder;
    }

    /// <summary>Opens a file for writing, created as private (an existing file is made private too).</summary>
    public static FileStream OpenWrite(string path, System.IO.FileMode mode = System.IO.FileMode.Create, FileOptions options = FileOptions.None)
    {
        var streamOptions = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = FileUnixMode;
        }

        var stream = new FileStream(path, streamOptions);
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new.
            File.SetUnixFileMode(stream.SafeFileHandle, FileUnixMode);
        }

        return stream;
    }

    /// <summary>Writes a whole text file (UTF-8) as private.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        var stream = OpenWrite(path, System.IO.FileMode.Create, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Makes an existing file private; a missing file is ignored.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, FileUnixMode);
        }
        catch (FileNotFoundException)
        {
            // Nothing to protect.
        }
    }

    /// <summary>
    /// Makes a folder and everything below it private: folders 0700, files 0600. Symbolic links are neither followed
    /// nor changed, so a link cannot turn this into a change of files elsewhere.
    /// </summary>
    public static void RestrictTree(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        File.SetUnixFileMode(folder, FolderUnixMode);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 }))
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                RestrictTree(entry.FullName);
            }
            else
            {
                try
                {
                    File.SetUnixFileMode(entry.FullName, FileUnixMode);
                }
                catch (FileNotFoundException)
                {
                    // Removed meanwhile (a temporary file): nothing to protect.
                }
            }
        }
    }
}
