using System.Globalization;
using System.Text;

namespace Icn.Observability.Exposition;

/// <summary>Escaping and number spelling shared by both text formats.</summary>
internal static class Escape
{
    /// <summary>HELP text: backslash and newline always; double quote too in OpenMetrics.</summary>
    public static string Help(string text, bool quotes)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return quotes ? escaped.Replace("\"", "\\\"", StringComparison.Ordinal) : escaped;
    }

    /// <summary>Label values: backslash, double quote and newline.</summary>
    public static string LabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Writes <c>name="value",...</c> for a label set.</summary>
    public static void Labels(StringBuilder text, IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(names[i]).Append("=\"").Append(LabelValue(values[i])).Append('"');
        }
    }

    /// <summary>A histogram bound as the <c>le</c> label spells it.</summary>
    public static string Bound(double bound) =>
        double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);
}
