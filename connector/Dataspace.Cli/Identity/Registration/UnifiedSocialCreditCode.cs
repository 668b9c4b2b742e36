using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters ending in a check character.</summary>
internal static class UnifiedSocialCreditCode
{
    /// <summary>The registration-id scheme name of these codes in an application.</summary>
    public const string Scheme = "USCC";

    // GB 32100-2015, table 4: the 31 characters in use (no I, O, S, V, Z), each worth its index.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // The weight of each of the first 17 positions: 3^(i) mod 31.
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Whether the code is well formed and its check character right; false with what is wrong.</summary>
    public static bool IsValid(string? code, [NotNullWhen(false)] out string? reason)
    {
        if (code is null || code.Length != 18)
        {
            reason = $"a unified social credit code has 18 characters; this one has {code?.Length ?? 0}";
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                reason = $"character {i + 1} ('{code[i]}') is not one of 0-9 and A-Y without I, O, S, V and Z (upper case)";
                return false;
            }

            // Positions 3 to 8 are the administrative division code (GB/T 2260): digits only.
            if (i is >= 2 and <= 7 && value > 9)
            {
                reason = $"characters 3 to 8 are the administrative division code (digits); character {i + 1} is '{code[i]}'";
                return false;
            }

            if (i < 17)
            {
                sum += value * Weights[i];
            }
        }

        var check = Alphabet[(31 - (sum % 31)) % 31];
        if (code[17] != check)
        {
            reason = $"the check character is '{code[17]}', expected '{check}' (GB 32100-2015): the code is mistyped";
            return false;
        }

        reason = null;
        return true;
    }
}
