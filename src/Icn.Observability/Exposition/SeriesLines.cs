using System.Text;
using Icn.Observability.Catalogue;

namespace Icn.Observability.Exposition;

/// <summary>
/// The bytes that precede each number on a series' sample lines, built once when the series is
/// created so that rendering copies bytes and formats numbers, nothing else. Both formats spell
/// samples the same way; only family headers differ.
/// </summary>
internal sealed class SeriesLines
{
    public SeriesLines(MetricDefinition definition, IReadOnlyList<string> labelValues)
    {
        var names = definition.Labels.Select(l => l.Name).ToArray();
        if (definition.Kind != MetricKind.Histogram)
        {
            Sample = Line(definition.Name, names, labelValues);
            return;
        }

        Buckets = [.. definition.Buckets.Append(double.PositiveInfinity).Select(bound =>
            Line(definition.Name + "_bucket", [.. names, "le"], [.. labelValues, Escape.Bound(bound)]))];
        Sum = Line(definition.Name + "_sum", names, labelValues);
        Sample = Line(definition.Name + "_count", names, labelValues);
    }

    /// <summary>The sample line of a counter or gauge; a histogram's <c>_count</c> line.</summary>
    public byte[] Sample { get; }

    /// <summary>A histogram's <c>_bucket</c> lines, +Inf last.</summary>
    public byte[][] Buckets { get; } = [];

    /// <summary>A histogram's <c>_sum</c> line.</summary>
    public byte[] Sum { get; } = [];

    private static byte[] Line(string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues)
    {
        var text = new StringBuilder(name);
        if (labelNames.Count > 0)
        {
            text.Append('{');
            Escape.Labels(text, labelNames, labelValues);
            text.Append('}');
        }

        return Encoding.UTF8.GetBytes(text.Append(' ').ToString());
    }
}
