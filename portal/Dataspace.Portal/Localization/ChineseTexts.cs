using System.Collections.Frozen;

namespace Dataspace.Portal.Localization;

/// <summary>The Chinese texts, by their English text.</summary>
internal static class ChineseTexts
{
    public static readonly FrozenDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Dataspace portal"] = "数据空间门户",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
