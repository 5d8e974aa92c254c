using System.Diagnostics.Metrics;
using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;

namespace Icn.Observability.Registry;

/// <summary>
/// Publishes a node's registry on System.Diagnostics.Metrics through that node's
/// <see cref="IMeterFactory"/>, as observable instruments that read the same cells /metrics renders.
/// OpenTelemetry exporters and <c>MetricCollector&lt;T&gt;</c> therefore see exactly the numbers
/// Prometheus sees, and the recording path stays a single atomic add. System.Diagnostics.Metrics has
/// no observable histogram, so each histogram series present when the bridge is made also records
/// its observations into a meter histogram with the catalogue's buckets (a no-op while nobody listens).
/// </summary>
public sealed class MeterBridge : IDisposable
{
    /// <summary>The meter every node publishes on.</summary>
    public const string MeterName = "Icn.Node";

    private readonly Meter _meter;

    public MeterBridge(MetricRegistry registry, IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(new MeterOptions(MeterName));
        foreach (var family in registry.Families)
        {
            var definition = family.Definition;
            var unit = definition.Unit.Length > 0 ? definition.Unit : null;
            switch (definition.Kind)
            {
                case MetricKind.Counter when definition.CounterScale == 1:
                    _meter.CreateObservableCounter(definition.Name, () => Observe(family, series => ((Counter)series.Instrument).Value), unit, definition.Help);
                    break;
                case MetricKind.Counter:
                    _meter.CreateObservableCounter(definition.Name,
                        () => Observe(family, series => ((Counter)series.Instrument).Value * definition.CounterScale), unit, definition.Help);
                    break;
                case MetricKind.Gauge:
                    _meter.CreateObservableGauge(definition.Name, () => Observe(family, series => ((Gauge)series.Instrument).Value), unit, definition.Help);
                    break;
                case MetricKind.Histogram:
                    var mirror = _meter.CreateHistogram(definition.Name, unit, definition.Help, tags: null,
                        new InstrumentAdvice<double> { HistogramBucketBoundaries = definition.Buckets });
                    foreach (var series in family.Series)
                    {
                        var tags = Tags(definition, series);
                        ((Histogram)series.Instrument).Mirror = value => mirror.Record(value, tags);
                    }

                    break;
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<T>> Observe<T>(MetricFamily family, Func<MetricSeries, T> read) where T : struct
    {
        foreach (var series in family.Series)
        {
            yield return new Measurement<T>(read(series), Tags(family.Definition, series));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(MetricDefinition definition, MetricSeries series)
    {
        var tags = new KeyValuePair<string, object?>[definition.Labels.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new(definition.Labels[i].Name, series.Values[i]);
        }

        return tags;
    }
}
