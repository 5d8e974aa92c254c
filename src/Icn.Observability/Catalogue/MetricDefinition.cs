namespace Icn.Observability.Catalogue;

/// <summary>The three metric types the node exposes.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// A label a metric family may carry. <see cref="AllowedValues"/> is the closed set of values it
/// takes; null means the node itself supplies the values from its own configuration (build version,
/// configured topic names), never anything that arrives from the network.
/// </summary>
public sealed record LabelDefinition(string Name, IReadOnlyList<string>? AllowedValues = null)
{
    /// <summary>
    /// For a label without a closed set: values whose series exist from the start, so the family is on
    /// the first scrape even before the node adds its own (the topic label's "other").
    /// </summary>
    public IReadOnlyList<string> InitialValues { get; init; } = [];

    /// <summary>The <c>direction</c> label of message and byte counts: sent or received.</summary>
    public static LabelDefinition Direction { get; } = new("direction", ["sent", "received"]);

    /// <summary>
    /// The <c>set</c> label of a distribution over peers (<see cref="Instruments.PeerDistribution"/>): the distribution is
    /// <c>current</c> minus <c>previous</c>, bucket by bucket.
    /// </summary>
    public static LabelDefinition PeerSet { get; } = new("set", ["current", "previous"]);

    /// <summary>The values whose series the registry creates at start.</summary>
    public IReadOnlyList<string> StartValues => AllowedValues ?? InitialValues;
}

/// <summary>
/// One metric family: the single source of its name, type, help text, unit, labels and buckets.
/// The exposition, docs/metrics.md and the contract tests all read it from here.
/// </summary>
public sealed record MetricDefinition
{
    public MetricDefinition(string component, string name, MetricKind kind, string help, string meaning)
    {
        Component = component;
        Name = name;
        Kind = kind;
        Help = help;
        Meaning = meaning;
    }

    /// <summary>A counter; unlabelled unless <paramref name="labels"/> are given.</summary>
    public static MetricDefinition Counter(
        string component, string name, string help, string meaning, string unit = "", IReadOnlyList<LabelDefinition>? labels = null) =>
        new(component, name, MetricKind.Counter, help, meaning) { Unit = unit, Labels = labels ?? [] };

    /// <summary>A gauge; unlabelled unless <paramref name="labels"/> are given.</summary>
    public static MetricDefinition Gauge(
        string component, string name, string help, string meaning, string unit = "", IReadOnlyList<LabelDefinition>? labels = null) =>
        new(component, name, MetricKind.Gauge, help, meaning) { Unit = unit, Labels = labels ?? [] };

    /// <summary>A histogram with its bucket upper bounds (ascending; +Inf is implied).</summary>
    public static MetricDefinition Histogram(
        string component, string name, string help, string meaning, string unit, IReadOnlyList<double> buckets,
        IReadOnlyList<LabelDefinition>? labels = null) =>
        new(component, name, MetricKind.Histogram, help, meaning) { Unit = unit, Labels = labels ?? [], Buckets = buckets };

    /// <summary>A histogram of one figure per peer, as a <see cref="Instruments.PeerDistribution"/> (labelled by <see cref="LabelDefinition.PeerSet"/>).</summary>
    public static MetricDefinition OverPeers(string component, string name, string help, string meaning, string unit, IReadOnlyList<double> buckets) =>
        Histogram(component, name, help, meaning, unit, buckets, labels: [LabelDefinition.PeerSet]);

    /// <summary>A distribution over peers: charted as current minus previous, not as a rate.</summary>
    public bool IsOverPeers => Kind == MetricKind.Histogram && Labels is [{ Name: "set" }];

    /// <summary>The component that owns the metric: network, gossip, ledger, system or build.</summary>
    public string Component { get; }

    /// <summary>The exposed family name, e.g. <c>icn_network_messages_sent_total</c>.</summary>
    public string Name { get; }

    public MetricKind Kind { get; }

    /// <summary>The HELP text exposed with the family.</summary>
    public string Help { get; }

    /// <summary>What exactly is counted or measured, for docs/metrics.md.</summary>
    public string Meaning { get; }

    /// <summary>Base unit (seconds, bytes) or empty for a plain count.</summary>
    public string Unit { get; init; } = "";

    /// <summary>Labels, in exposition order; empty for an unlabelled family.</summary>
    public IReadOnlyList<LabelDefinition> Labels { get; init; } = [];

    /// <summary>
    /// For a counter kept in integer sub-units (microseconds of CPU time, say), what one unit is in the base unit:
    /// the exposition and the meter bridge show the count multiplied by it (1e-6, as seconds). 1 for a plain count.
    /// </summary>
    public double CounterScale { get; init; } = 1;

    /// <summary>Upper bounds of histogram buckets, ascending; +Inf is implied.</summary>
    public IReadOnlyList<double> Buckets { get; init; } = [];

    /// <summary>
    /// True for the four gauges the source document named with a <c>_total</c> suffix; their names are
    /// a public contract, so they keep it (docs/metrics.md says so).
    /// </summary>
    public bool IsLegacyTotalGauge => Kind == MetricKind.Gauge && Name.EndsWith("_total", StringComparison.Ordinal);
}
