using Icn.Node.Configuration;
using Icn.Node.Startup;
using Icn.Observability.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Icn.Node.Tests;

public class MeterBridgeTests
{
    [Fact]
    public void Each_node_publishes_its_own_numbers_through_its_meter_factory()
    {
        using var first = Node();
        using var second = Node();
        using var firstCollector = Collector(first);
        using var secondCollector = Collector(second);

        first.GetRequiredService<MetricRegistry>().Counter(Icn.Network.NetworkCatalogue.MessagesSent).Add(5);
        firstCollector.RecordObservableInstruments();
        secondCollector.RecordObservableInstruments();

        Assert.Equal(5, firstCollector.LastMeasurement!.Value);
        Assert.Equal(0, secondCollector.LastMeasurement!.Value);
    }

    [Fact]
    public void Histogram_observations_reach_the_meter_with_their_labels()
    {
        using var node = Node();
        using var collector = new MetricCollector<double>(node.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MeterBridge.MeterName,
            Icn.Network.NetworkCatalogue.MessageSize.Name);

        node.GetRequiredService<MetricRegistry>().Histogram(Icn.Network.NetworkCatalogue.MessageSize, "sent").Record(512);

        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal(512, measurement.Value);
        Assert.Equal("sent", measurement.Tags["direction"]);
    }

    [Fact]
    public void A_counter_kept_in_microseconds_reaches_the_meter_in_seconds()
    {
        using var node = Node();
        using var collector = new MetricCollector<double>(node.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MeterBridge.MeterName,
            Icn.Node.Metrics.ProcessCatalogue.GcPause.Name);

        node.GetRequiredService<MetricRegistry>().Counter(Icn.Node.Metrics.ProcessCatalogue.GcPause).Add(1_500_000);
        collector.RecordObservableInstruments();

        Assert.Equal(1.5, collector.LastMeasurement!.Value, 6);
    }

    private static ServiceProvider Node()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddIcnObservability(new ObservabilityOptions { MetricsAddress = null });
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MeterBridge>();
        return provider;
    }

    private static MetricCollector<long> Collector(ServiceProvider node) =>
        new(node.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MeterBridge.MeterName, Icn.Network.NetworkCatalogue.MessagesSent.Name);
}
