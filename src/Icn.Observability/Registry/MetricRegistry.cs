using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;

namespace Icn.Observability.Registry;

/// <summary>
/// The metrics of one node. Every node owns its own registry, so two nodes in one process never
/// share a counter. Families come from definitions: the node passes its whole catalogue at creation, in
/// exposition order, and each module's metrics class adds its own (a no-op when they are there), so a
/// module runs alone on an empty registry in its tests. Series whose labels all have closed value sets (or initial values) exist from the start, at zero,
/// so the first scrape already shows every family.
/// </summary>
public sealed class MetricRegistry
{
    // Replaced whole (copy on write) when families are added, so that readers never take a lock.
    private volatile Dictionary<string, MetricFamily> _byName = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MetricRegistry(IEnumerable<MetricDefinition>? definitions = null)
    {
        Add(definitions ?? []);
    }

    /// <summary>The families in exposition order.</summary>
    public IReadOnlyList<MetricFamily> Families => FamilyArray;

    internal MetricFamily[] FamilyArray { get; private set; } = [];

    private volatile Action[] _collectors = [];

    /// <summary>
    /// Registers work that refreshes sampled families (the process's memory, say) before each scrape; it must be quick,
    /// safe to call concurrently, and must not throw.
    /// </summary>
    public void AddCollector(Action collect)
    {
        lock (_gate)
        {
            _collectors = [.. _collectors, collect];
        }
    }

    /// <summary>
    /// A counter or gauge family summed over its series (counters in their exposed unit), or 0 when the family is not
    /// held: what a dashboard shows as <c>sum(name)</c>, read without rendering.
    /// </summary>
    public double Total(MetricDefinition definition)
    {
        var family = Array.Find(FamilyArray, f => f.Definition.Name == definition.Name);
        var total = 0.0;
        foreach (var series in family?.SeriesArray ?? [])
        {
            total += series.Instrument switch
            {
                Counter counter => counter.Value * definition.CounterScale,
                Gauge gauge => gauge.Value,
                _ => throw new ArgumentException($"{definition.Name} is a histogram: it has no single total", nameof(definition)),
            };
        }

        return total;
    }

    /// <summary>Runs every collector: called by whoever renders or exports the registry, just before reading it.</summary>
    public void Collect()
    {
        foreach (var collect in _collectors)
        {
            collect();
        }
    }

    /// <summary>
    /// Adds families not held yet, after those already here. A definition held already is skipped; another
    /// definition under a name held already is a mistake in the catalogues and throws.
    /// </summary>
    public void Add(IEnumerable<MetricDefinition> definitions)
    {
        lock (_gate)
        {
            var families = new List<MetricFamily>(FamilyArray);
            var byName = new Dictionary<string, MetricFamily>(_byName, StringComparer.Ordinal);
            foreach (var definition in definitions)
            {
                if (byName.TryGetValue(definition.Name, out var held))
                {
                    if (held.Definition != definition)
                    {
                        throw new ArgumentException($"metric {definition.Name} is defined twice", nameof(definitions));
                    }

                    continue;
                }

                var family = new MetricFamily(definition);
                byName.Add(definition.Name, family);
                families.Add(family);
                if (definition.Labels.All(l => l.StartValues.Count > 0) || definition.Labels.Count == 0)
                {
                    foreach (var values in Combinations(definition.Labels))
                    {
                        family.Add(new MetricSeries(definition, values));
                    }
                }
            }

            _byName = byName;
            FamilyArray = [.. families];
        }
    }

    public Counter Counter(MetricDefinition definition, params ReadOnlySpan<string> labelValues) =>
        (Counter)Series(definition, MetricKind.Counter, labelValues).Instrument;

    public Gauge Gauge(MetricDefinition definition, params ReadOnlySpan<string> labelValues) =>
        (Gauge)Series(definition, MetricKind.Gauge, labelValues).Instrument;

    /// <summary>The pair of histograms of a distribution over peers (<see cref="MetricDefinition.OverPeers"/>).</summary>
    public PeerDistribution Distribution(MetricDefinition definition) => new(Histogram(definition, "current"), Histogram(definition, "previous"));

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
