using Icn.Observability.Catalogue;

namespace Icn.Trust;

/// <summary>The trust graph. Never a DID in a label: classes and kinds only.</summary>
public static class TrustCatalogue
{
    private const string Component = "trust";

    public static MetricDefinition Edges { get; } = MetricDefinition.Gauge(Component, "icn_trust_edges",
        "Trust edges held, by kind",
        "kind=\"direct\": this node's own edges (trust.db); \"attested\": attestations held from the DIDs it trusts directly, "
        + "which count only through those edges.",
        labels: [EnumLabels<EdgeKind>.Label("kind")]);

    public static MetricDefinition EdgesLimit { get; } = MetricDefinition.Gauge(Component, "icn_trust_edges_limit",
        "Most trust edges held, by kind",
        "direct: trust MaxEdges; attested: trust MaxAttestationsPerAttester for each direct edge.",
        labels: [EnumLabels<EdgeKind>.Label("kind")]);

    public static MetricDefinition ClassChanges { get; } = MetricDefinition.Counter(Component, "icn_trust_class_changes_total",
        "DIDs whose trust class changed",
        "Each DID whose class an edge added, changed, removed, attested or expired moved, once per change.");

    public static MetricDefinition AttestationsRefused { get; } = MetricDefinition.Counter(Component, "icn_trust_attestations_refused_total",
        "Attestations from peers not held, by reason",
        "untrusted: from a DID this node has no edge to (kept in gossip, and counted if an edge to it is added later); "
        + "stale: not newer than the one held; full: the attester holds MaxAttestationsPerAttester already; invalid: a bad "
        + "encoding or signature (gossip's validator refuses these before they are stored).",
        labels: [EnumLabels<AttestationRefusal>.Label("reason")]);

    public static IReadOnlyList<MetricDefinition> All { get; } = [Edges, EdgesLimit, ClassChanges, AttestationsRefused];
}

/// <summary>The <c>kind</c> label of the edge gauges.</summary>
public enum EdgeKind
{
    Direct,
    Attested,
}

/// <summary>Why an attestation was not held: the <c>reason</c> label of <c>icn_trust_attestations_refused_total</c>.</summary>
public enum AttestationRefusal
{
    Untrusted,
    Stale,
    Full,
    Invalid,
}
