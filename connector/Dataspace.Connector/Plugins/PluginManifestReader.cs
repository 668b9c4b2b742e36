using System.Text.Json;
using System.Text.RegularExpressions;
using Dataspace.Sdk.Plugins;

namespace Dataspace.Connector.Plugins;

/// <summary>Reads and validates a plugin folder's <c>plugin.json</c>.</summary>
public static partial class PluginManifestReader
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "plugin.json";

    private const long MaxManifestBytes = 64 * 1024;

    /// <summary>Reads the manifest in <paramref name="pluginDirectory"/>; throws <see cref="PluginLoadException"/> saying what is wrong.</summary>
    public static async Task<PluginManifest> ReadAsync(string pluginDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(pluginDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"no {FileName} manifest in {pluginDirectory}");
        }

        if (new FileInfo(path).Length > MaxManifestBytes)
        {
            throw new PluginLoadException($"{path} is larger than {MaxManifestBytes} bytes");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path, Path.GetFileName(Path.TrimEndingDirectorySeparator(pluginDirectory)));
    }

    /// <summary>Parses manifest JSON; <paramref name="folderName"/> gives the default assembly name.</summary>
    public static PluginManifest Parse(ReadOnlySpan<byte> json, string source, string folderName)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{source} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PluginLoadException($"{source}: expected a JSON object, found {root.ValueKind}");
            }

            var id = RequiredString(root, "id", source);
            if (!IdPattern().IsMatch(id))
            {
                throw new PluginLoadException($"{source}: 'id' '{id}' must be letters, digits, '.', '-' or '_' (at most 100), starting with a letter");
            }

            var version = RequiredString(root, "version", source);
            if (!SemVerPattern().IsMatch(version))
            {
                throw new PluginLoadException($"{source}: 'version' '{version}' is not a semantic version such as 1.2.0");
            }

            var sdkVersion = RequiredString(root, "sdkVersion", source);
            if (!VersionRange.TryParse(sdkVersion, out _))
            {
                throw new PluginLoadException($"{source}: 'sdkVersion' '{sdkVersion}' is not a version range such as [1.0,2.0)");
            }

            var kinds = ReadKinds(root, source);
            var assembly = OptionalString(root, "assembly", source) ?? folderName + ".dll";
            if (assembly.IndexOfAny(['/', '\\']) >= 0 || assembly is "." or ".." || !assembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                throw new PluginLoadException($"{source}: 'assembly' '{assembly}' must be a .dll file name inside the plugin folder");
            }

            return new PluginManifest
            {
                Id = id,
                Version = version,
                Kinds = kinds,
                SdkVersion = sdkVersion,
                Assembly = assembly,
                ConfigurationSection = OptionalString(root, "configurationSection", source) ?? "Plugins:" + id,
                Description = OptionalString(root, "description", source),
            };
        }
    }

    private static string[] ReadKinds(JsonElement root, string source)
    {
        if (!root.TryGetProperty("kinds", out var kinds))
        {
            throw new PluginLoadException($"{source}: missing required property 'kinds'");
        }

        var known = string.Join(", ", PluginKinds.All.Order(StringComparer.Ordinal));
        if (kinds.ValueKind != JsonValueKind.Array || kinds.GetArrayLength() == 0)
        {
            throw new PluginLoadException($"{source}: 'kinds' must be a non-empty array of: {known}");
        }

        var result = new List<string>();
        foreach (var kind in kinds.EnumerateArray())
        {
            var name = kind.ValueKind == JsonValueKind.String ? kind.GetString()! : kind.GetRawText();
            if (!PluginKinds.All.Contains(name))
            {
                throw new PluginLoadException($"{source}: unknown plugin kind '{name}'; expected one of: {known}");
            }

            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }

        return [.. result];
    }

    private static string RequiredString(JsonElement root, string name, string source) =>
        OptionalString(root, name, source) ?? throw new PluginLoadException($"{source}: missing required property '{name}'");

    private static string? OptionalString(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new PluginLoadException($"{source}: '{name}' must be a non-empty string");
        }

        return value.GetString()!.Trim();
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVerPattern();
}
