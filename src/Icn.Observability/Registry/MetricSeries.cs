using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;
using Icn.Observability.Instruments;

namespace Icn.Observability.Registry;

/// <summary>One time series: a family's instrument for one combination of label values.</summary>
public sealed class MetricSeries
{
    internal MetricSeries(MetricDefinition definition, string[] labelValues)
    {
        Definition = definition;
        Values = labelValues;
        Instrument = definition.Kind switch
        {
            MetricKind.Counter => new Counter(),
            MetricKind.Gauge => new Gauge(),
            MetricKind.Histogram => new Histogram(definition.Buckets),
            _ => throw new ArgumentOutOfRangeException(nameof(definition)),
        };
        Lines = new SeriesLines(definition, labelValues);
    }

    public MetricDefinition Definition { get; }

    public IReadOnlyList<string> LabelValues => Values;

    internal string[] Values { get; }

    /// <summary>The <see cref="Counter"/>, <see cref="Gauge"/> or <see cref="Histogram"/> behind the series.</summary>
    public object Instrument { get; }

    /// <summary>Pre-encoded sample-line prefixes, so rendering only formats numbers.</summary>
    internal SeriesLines Lines { get; }
}
