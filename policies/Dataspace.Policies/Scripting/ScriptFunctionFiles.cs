using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Scripting;

/// <summary>
/// Reads JavaScript left-operand functions from <c>*.js</c> files, so a data space adds rules without code or a redeploy:
/// build a new <see cref="PolicyEngine"/> from the files and swap it in.
/// </summary>
/// <remarks>
/// A file starts with directive comments, then the script:
/// <code>
/// // @leftOperand https://example.org/vocab/fleetSize
/// // @scopes negotiation, dataAccess      (optional; all scopes when absent)
/// // @function evaluate                   (optional; evaluate when absent)
/// function evaluate(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }
/// </code>
/// </remarks>
public static class ScriptFunctionFiles
{
    private const string Prefix = "// @";

    /// <summary>Every <c>*.js</c> file of a directory, in name order.</summary>
    /// <exception cref="InvalidDataException">A file's directives are missing or malformed; the message names the file and line.</exception>
    public static IReadOnlyList<ScriptFunctionDefinition> LoadDirectory(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.js").Order(StringComparer.Ordinal).Select(file => Parse(File.ReadAllText(file), file))];

    /// <summary>One script with its directives.</summary>
    /// <exception cref="InvalidDataException">The directives are missing or malformed.</exception>
    public static ScriptFunctionDefinition Parse(string source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        string? leftOperand = null;
        string? function = null;
        PolicyScope? scopes = null;
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                break;
            }

            var directive = line[Prefix.Length..].Split(' ', 2, StringSplitOptions.TrimEntries);
            var value = directive.Length == 2 ? directive[1] : string.Empty;
            switch (directive[0])
            {
                case "leftOperand" when Uri.IsWellFormedUriString(value, UriKind.Absolute):
                    leftOperand = value;
                    break;
                case "function" when value.Length > 0:
                    function = value;
                    break;
                case "scopes":
                    scopes = Scopes(value, name, i + 1);
                    break;
                default:
                    throw new InvalidDataException($"{name}:{i + 1}: '{line}' is not a valid directive; expected @leftOperand <absolute IRI>, @scopes <list> or @function <name>");
            }
        }

        return new ScriptFunctionDefinition
        {
            LeftOperand = leftOperand ?? throw new InvalidDataException($"{name}: the script has no '// @leftOperand <IRI>' line before its code"),
            Source = source,
            FunctionName = function ?? "evaluate",
            Scopes = scopes ?? PolicyScope.All,
        };
    }

    private static PolicyScope Scopes(string value, string name, int line)
    {
        var scopes = PolicyScope.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            scopes |= Enum.TryParse<PolicyScope>(part, ignoreCase: true, out var scope) && Enum.IsDefined(scope) && scope != PolicyScope.None
                ? scope
                : throw new InvalidDataException($"{name}:{line}: '{part}' is not a scope; expected catalog, negotiation, transferStart, dataAccess, usage or all");
        }

        return scopes == PolicyScope.None ? throw new InvalidDataException($"{name}:{line}: @scopes lists no scope") : scopes;
    }
}
