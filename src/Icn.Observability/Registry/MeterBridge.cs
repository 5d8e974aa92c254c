using System.Diagnostics.Metrics;
using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;

namespace Icn.Observability.Registry;

/// <summary>
/// Publishes a node's registry on System.Diagnostics.Metrics through that node's
/// <see cref="IMeterFactory"/>, as observable instruments that read the same cells /metrics renders.
/// OpenTelemetry exporters and <c>MetricCollector&lt;T&gt;</c> therefore see exactly the numbers
/// Prometheus sees, and the recording path stays a single atomic add. Histograms are not bridged:
/// System.Diagnostics.Metrics has no observable histogram.
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
                case MetricKind.Counter:
                    _meter.CreateObservableCounter(definition.Name, () => Observe(family, series => ((Counter)series.Instrument).Value), unit, definition.Help);
                    break;
                case MetricKind.Gauge:
                    _meter.CreateObservableGauge(definition.Name, () => Observe(family, series => ((Gauge)series.Instrument).Value), unit, definition.Help);
                    break;
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<T>> Observe<T>(MetricFamily family, Func<MetricSeries, T> read) where T : struct
    {
        var labels = family.Definition.Labels;
        foreach (var series in family.Series)
        {
            var tags = new KeyValuePair<string, object?>[labels.Count];
            for (var i = 0; i < tags.Length; i++)
            {
                tags[i] = new(labels[i].Name, series.Values[i]);
            }

            yield return new Measurement<T>(read(series), tags);
        }
    }
}
