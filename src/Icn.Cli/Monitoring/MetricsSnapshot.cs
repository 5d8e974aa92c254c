using System.Globalization;

namespace Icn.Cli.Monitoring;

/// <summary>
/// One scrape of a node's <c>/metrics</c> (Prometheus text), each sample name summed over its label
/// sets, which is what a terminal view of rates needs.
/// </summary>
internal sealed class MetricsSnapshot(IReadOnlyDictionary<string, double> totals, DateTimeOffset at)
{
    public DateTimeOffset At { get; } = at;

    /// <summary>The sum over label sets of a sample name, 0 when absent.</summary>
    public double this[string name] => totals.GetValueOrDefault(name);

    /// <summary>Per-second increase of a counter since <paramref name="earlier"/>; a reset (restart) counts from 0.</summary>
    public double Rate(MetricsSnapshot earlier, string name)
    {
        var seconds = (At - earlier.At).TotalSeconds;
        var increase = this[name] >= earlier[name] ? this[name] - earlier[name] : this[name];
        return seconds > 0 ? increase / seconds : 0;
    }

    public static MetricsSnapshot Parse(string text, DateTimeOffset at)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // A line with no name, or labels never closed, is not a sample: skipped, whatever the node sent.
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0)
            {
                continue;
            }

            var valueStart = line[nameEnd] == '{' ? line.LastIndexOf('}') + 1 : nameEnd;
            if (valueStart <= 0)
            {
                continue;
            }

            var fields = line[valueStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                var name = line[..nameEnd];
                totals[name] = totals.GetValueOrDefault(name) + value;
            }
        }

        return new MetricsSnapshot(totals, at);
    }
}
