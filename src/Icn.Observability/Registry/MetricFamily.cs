using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;

namespace Icn.Observability.Registry;

/// <summary>A family and its series. Readers see an immutable snapshot; writers replace it under the registry's lock.</summary>
public sealed class MetricFamily
{
    private MetricSeries[] _series = [];

    internal MetricFamily(MetricDefinition definition)
    {
        Definition = definition;
        Header = new FamilyHeader(definition);
    }

    public MetricDefinition Definition { get; }

    /// <summary>The series, in creation order.</summary>
    public IReadOnlyList<MetricSeries> Series => SeriesArray;

    internal MetricSeries[] SeriesArray => Volatile.Read(ref _series);

    internal FamilyHeader Header { get; }

    internal MetricSeries? Find(ReadOnlySpan<string> labelValues)
    {
        foreach (var series in Volatile.Read(ref _series))
        {
            if (labelValues.SequenceEqual(series.Values))
            {
                return series;
            }
        }

        return null;
    }

    internal void Add(MetricSeries series) => Volatile.Write(ref _series, [.. _series, series]);
}
