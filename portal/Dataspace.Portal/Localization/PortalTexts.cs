using System.Collections.Frozen;
using System.Globalization;

namespace Dataspace.Portal.Localization;

/// <summary>
/// The portal's texts in one language. Keys are the English texts, so a page reads naturally and a missing
/// translation falls back to English rather than to a key.
/// </summary>
public sealed class PortalTexts
{
    /// <summary>English texts.</summary>
    public static readonly PortalTexts English = new(PortalLanguage.English);

    /// <summary>Chinese texts.</summary>
    public static readonly PortalTexts Chinese = new(PortalLanguage.Chinese);

    private readonly FrozenDictionary<string, string>? _translations;

    private PortalTexts(string language)
    {
        Language = language;
        _translations = language == PortalLanguage.Chinese ? ChineseTexts.All : null;
    }

    /// <summary>The language code (<c>en</c> or <c>zh</c>).</summary>
    public string Language { get; }

    /// <summary>The text for <paramref name="english"/> in this language.</summary>
    public string this[string english] => _translations is not null && _translations.TryGetValue(english, out var text) ? text : english;

    /// <summary>The text for a composite format in this language, filled with <paramref name="arguments"/>.</summary>
    public string Format(string englishFormat, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, this[englishFormat], arguments);

    /// <summary>The texts of <paramref name="language"/>.</summary>
    public static PortalTexts For(string? language) => PortalLanguage.Normalize(language) == PortalLanguage.Chinese ? Chinese : English;
}
