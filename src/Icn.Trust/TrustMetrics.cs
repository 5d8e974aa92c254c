using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Storage;
using Catalogue = Icn.Trust.TrustCatalogue;

namespace Icn.Trust;

/// <summary>The trust graph's instruments, taken once from its node's registry.</summary>
public sealed class TrustMetrics
{
    public TrustMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(Catalogue.All);
        DirectEdges = registry.Gauge(Catalogue.Edges, "direct");
        AttestedEdges = registry.Gauge(Catalogue.Edges, "attested");
        DirectLimit = registry.Gauge(Catalogue.EdgesLimit, "direct");
        AttestedLimit = registry.Gauge(Catalogue.EdgesLimit, "attested");
        ClassChanges = registry.Counter(Catalogue.ClassChanges);
        Refused = new CountersBy<AttestationRefusal>(registry, Catalogue.AttestationsRefused);
        Storage = new StoreMetrics(registry, Store.Trust);
    }

    public Gauge DirectEdges { get; }

    public Gauge AttestedEdges { get; }

    public Gauge DirectLimit { get; }

    public Gauge AttestedLimit { get; }

    public Counter ClassChanges { get; }

    public CountersBy<AttestationRefusal> Refused { get; }

    public StoreMetrics Storage { get; }
}
