using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Node.Http;

/// <summary>One HTTP port's instruments, taken once from the node's registry.</summary>
internal sealed class HttpPortMetrics
{
    public HttpPortMetrics(MetricRegistry registry, HttpPort port)
    {
        registry.Add(HttpCatalogue.All);
        var label = EnumLabels<HttpPort>.Of(port);
        Active = registry.Gauge(HttpCatalogue.ConnectionsActive, label);
        Limit = registry.Gauge(HttpCatalogue.ConnectionLimit, label);
        Refused = new CountersBy<HttpRefusal>(registry, HttpCatalogue.ConnectionsRefused, label);
    }

    public Gauge Active { get; }

    public Gauge Limit { get; }

    public CountersBy<HttpRefusal> Refused { get; }
}
