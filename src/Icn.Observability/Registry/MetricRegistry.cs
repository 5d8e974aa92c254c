using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;

namespace Icn.Observability.Registry;

/// <summary>
/// The metrics of one node. Every node owns its own registry, so two nodes in one process never
/// share a counter. Families come from definitions (normally <see cref="MetricCatalogue.All"/>);
/// series whose labels all have closed value sets (or initial values) exist from the start, at zero,
/// so the first scrape already shows every family.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<string, MetricFamily> _byName = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MetricRegistry(IEnumerable<MetricDefinition> definitions)
    {
        var families = new List<MetricFamily>();
        foreach (var definition in definitions)
        {
            var family = new MetricFamily(definition);
            if (!_byName.TryAdd(definition.Name, family))
            {
                throw new ArgumentException($"metric {definition.Name} is defined twice", nameof(definitions));
            }

            families.Add(family);
            if (definition.Labels.All(l => l.StartValues.Count > 0) || definition.Labels.Count == 0)
            {
                foreach (var values in Combinations(definition.Labels))
                {
                    family.Add(new MetricSeries(definition, values));
                }
            }
        }

        FamilyArray = [.. families];
    }

    /// <summary>A registry holding every catalogue family, with build information set.</summary>
    public static MetricRegistry ForNode(BuildInfo build)
    {
        var registry = new MetricRegistry(MetricCatalogue.All);
        registry.Gauge(MetricCatalogue.Build.Info, build.Version, build.Commit).Set(1);
        return registry;
    }

    /// <summary>The families in exposition order.</summary>
    public IReadOnlyList<MetricFamily> Families => FamilyArray;

    internal MetricFamily[] FamilyArray { get; }

    public Counter Counter(MetricDefinition definition, params ReadOnlySpan<string> labelValues) =>
        (Counter)Series(definition, MetricKind.Counter, labelValues).Instrument;

    public Gauge Gauge(MetricDefinition definition, params ReadOnlySpan<string> labelValues) =>
        (Gauge)Series(definition, MetricKind.Gauge, labelValues).Instrument;

    public Histogram Histogram(MetricDefinition definition, params ReadOnlySpan<string> labelValues) =>
        (Histogram)Series(definition, MetricKind.Histogram, labelValues).Instrument;

    private MetricSeries Series(MetricDefinition definition, MetricKind kind, ReadOnlySpan<string> labelValues)
    {
        if (!_byName.TryGetValue(definition.Name, out var family) || family.Definition != definition)
        {
            throw new ArgumentException($"metric {definition.Name} is not in this registry", nameof(definition));
        }

        if (definition.Kind != kind)
        {
            throw new ArgumentException($"metric {definition.Name} is a {definition.Kind}, not a {kind}", nameof(definition));
        }

        if (labelValues.Length != definition.Labels.Count)
        {
            throw new ArgumentException($"metric {definition.Name} takes {definition.Labels.Count} label values, not {labelValues.Length}", nameof(labelValues));
        }

        for (var i = 0; i < labelValues.Length; i++)
        {
            var allowed = definition.Labels[i].AllowedValues;
            if (allowed is not null && !allowed.Contains(labelValues[i]))
            {
                throw new ArgumentException($"'{labelValues[i]}' is not a value of label {definition.Labels[i].Name} on {definition.Name}", nameof(labelValues));
            }
        }

        var existing = family.Find(labelValues);
        if (existing is not null)
        {
            return existing;
        }

        lock (_gate)
        {
            existing = family.Find(labelValues);
            if (existing is null)
            {
                existing = new MetricSeries(definition, labelValues.ToArray());
                family.Add(existing);
            }

            return existing;
        }
    }

    private static IEnumerable<string[]> Combinations(IReadOnlyList<LabelDefinition> labels)
    {
        IEnumerable<string[]> combinations = [[]];
        foreach (var label in labels)
        {
            combinations = combinations.SelectMany(prefix => label.StartValues.Select(value => (string[])[.. prefix, value]));
        }

        return combinations;
    }
}
