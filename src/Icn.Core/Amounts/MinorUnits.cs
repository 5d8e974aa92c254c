using System.Globalization;

namespace Icn.Core.Amounts;

/// <summary>
/// Amounts as people write them ("2.50") and as the ledger keeps them (250 minor units of a currency
/// with 2 decimals). Exact: decimal arithmetic, no rounding.
/// </summary>
public static class MinorUnits
{
    /// <summary>The amount in major units: 2.50 for 250 minor units with 2 decimals.</summary>
    public static decimal ToMajor(long minor, int decimals) => minor / Pow10(decimals);

    /// <summary>"2.50": the amount in major units with exactly <paramref name="decimals"/> digits after the point.</summary>
    public static string Format(long minor, int decimals)
    {
        var value = ToMajor(minor, decimals);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses "2.5" for a currency with <paramref name="decimals"/> decimals; null when it is not a number
    /// written as digits with an optional minus and an optional point between digits ("+1", "1." and ".5"
    /// are not), or has too many decimals.
    /// </summary>
    public static long? Parse(string text, int decimals)
    {
        if (!WellFormed(text) || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var minor = value * Pow10(decimals);
        return minor == decimal.Truncate(minor) && minor is >= long.MinValue and <= long.MaxValue ? (long)minor : null;
    }

    private static bool WellFormed(string text)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        var parts = digits.Split('.');
        return parts.Length <= 2 && parts.All(part => part.Length > 0 && !part.AsSpan().ContainsAnyExceptInRange('0', '9'));
    }

    private static decimal Pow10(int decimals)
    {
        var result = 1m;
        for (var i = 0; i < decimals; i++)
        {
            result *= 10;
        }

        return result;
    }
}
