using System.Collections.Frozen;

namespace Dataspace.Policies.Vocabulary;

/// <summary>The odrl:includedIn hierarchy of actions: a rule on an action also covers the actions it includes.</summary>
/// <remarks>Immutable and thread-safe; build a new one with <see cref="With"/> to add a profile's actions.</remarks>
public sealed class ActionHierarchy
{
    private static readonly string[] UseChildren =
    [
        "acceptTracking", "aggregate", "annotate", "anonymize", "archive", "attribute", "compensate", "concurrentUse",
        "delete", "derive", "digitize", "distribute", "ensureExclusivity", "execute", "extract", "grantUse", "include",
        "index", "inform", "install", "modify", "move", "nextPolicy", "obtainConsent", "present", "read", "reproduce",
        "reviewPolicy", "stream", "synchronize", "transform", "translate", "uninstall", "watermark",
    ];

    private readonly FrozenDictionary<string, string?> _parents;

    private ActionHierarchy(FrozenDictionary<string, string?> parents) => _parents = parents;

    /// <summary>The ODRL 2.2 core and common actions: <c>use</c> and <c>transfer</c> at the top, the rest included in them.</summary>
    public static ActionHierarchy Odrl { get; } = CreateOdrl();

    /// <summary>Whether <paramref name="action"/> is a known action IRI.</summary>
    public bool IsKnown(string action) => _parents.ContainsKey(action);

    /// <summary>The action that directly includes <paramref name="action"/>, or null at the top.</summary>
    public string? ParentOf(string action) => _parents.GetValueOrDefault(action);

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="action"/> or includes it, directly or transitively.</summary>
    public bool Includes(string ancestor, string action)
    {
        for (string? current = action; current is not null; current = ParentOf(current))
        {
            if (string.Equals(current, ancestor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every known action that <paramref name="ancestor"/> includes, itself included.</summary>
    public IReadOnlyCollection<string> Descendants(string ancestor) =>
        _parents.Keys.Where(action => Includes(ancestor, action)).ToArray();

    /// <summary>A copy with <paramref name="action"/> added under <paramref name="parent"/> (null for a top action).</summary>
    public ActionHierarchy With(string action, string? parent)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        if (parent is not null && !_parents.ContainsKey(parent))
        {
            throw new ArgumentException($"Parent action '{parent}' is not known; add it first.", nameof(parent));
        }

        var copy = new Dictionary<string, string?>(_parents, StringComparer.Ordinal) { [action] = parent };
        return new ActionHierarchy(copy.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static ActionHierarchy CreateOdrl()
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Vocabulary.Odrl.Use] = null,
            [Vocabulary.Odrl.Transfer] = null,
            [Vocabulary.Odrl.Namespace + "give"] = Vocabulary.Odrl.Transfer,
            [Vocabulary.Odrl.Namespace + "sell"] = Vocabulary.Odrl.Transfer,
        };
        foreach (var name in UseChildren)
        {
            parents[Vocabulary.Odrl.Namespace + name] = Vocabulary.Odrl.Use;
        }

        foreach (var name in (string[])["play", "display", "print"])
        {
            parents[Vocabulary.Odrl.Namespace + name] = Vocabulary.Odrl.Namespace + "present";
        }

        parents[Vocabulary.Odrl.Namespace + "textToSpeech"] = Vocabulary.Odrl.Read;
        return new ActionHierarchy(parents.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
