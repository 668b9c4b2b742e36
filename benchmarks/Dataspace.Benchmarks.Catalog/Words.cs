namespace Dataspace.Benchmarks.Catalog;

/// <summary>A fixed vocabulary the benchmark's titles and keywords are drawn from, so that searches match a known share of datasets.</summary>
internal static class Words
{
    private static readonly string[] Vocabulary = Build();

    public static int Count => Vocabulary.Length;

    public static string At(int index) => Vocabulary[((index % Vocabulary.Length) + Vocabulary.Length) % Vocabulary.Length];

    /// <summary>A title of three words, different for neighbouring numbers.</summary>
    public static string Title(int n) => $"{At(n)} {At((n * 7) + 3)} {At((n * 13) + 5)}";

    // 1,000 pronounceable words from syllables: each appears in a few hundred of 100,000 three-word titles.
    private static string[] Build()
    {
        string[] first = ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu"];
        string[] middle = ["ran", "sel", "tin", "vor", "wum", "xal", "yen", "zor", "pil", "qua"];
        string[] last = ["a", "e", "i", "o", "u", "ar", "en", "is", "om", "ux"];
        return [.. from f in first from m in middle from l in last select f + m + l];
    }
}
