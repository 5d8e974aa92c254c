using Icn.Node.Configuration;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Node.Tests;

public class GaugeRefresherTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MetricRegistry _registry = Icn.Node.Metrics.NodeCatalogue.CreateRegistry(new BuildInfo("0.0.0", "test"));
    private readonly NodeHealth _health = new();

    [Fact]
    public async Task Uptime_advances_by_the_interval_on_each_refresh()
    {
        using var refresher = new GaugeRefresher(_registry, _health, _time, new ObservabilityOptions { GaugeRefreshInterval = TimeSpan.FromSeconds(10) });
        await refresher.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, Uptime());

        for (var tick = 1; tick <= 3; tick++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Poll.UntilAsync(() => Uptime() == tick * 10, $"uptime {tick * 10}");
        }

        // Between ticks the gauge holds its value: it is refreshed, not computed per scrape.
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(30, Uptime());
        await refresher.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Actors_active_is_zero_without_components_and_follows_state_changes()
    {
        using var refresher = new GaugeRefresher(_registry, _health, _time, new ObservabilityOptions());
        var actors = _registry.Gauge(Icn.Node.Metrics.SystemCatalogue.ActorsActive);
        Assert.Equal(0, actors.Value);

        _health.Register("network");
        _health.Register("gossip");
        Assert.Equal(0, actors.Value);

        _health.Set("network", ComponentState.Running);
        _health.Set("gossip", ComponentState.Running);
        Assert.Equal(2, actors.Value);

        _health.Set("gossip", ComponentState.Failed);
        Assert.Equal(1, actors.Value);
    }

    [Fact]
    public void Ready_and_components_failed_follow_the_health_model_at_once()
    {
        using var refresher = new GaugeRefresher(_registry, _health, _time, new ObservabilityOptions());
        var ready = _registry.Gauge(Icn.Node.Metrics.SystemCatalogue.Ready);
        var failed = _registry.Gauge(Icn.Node.Metrics.SystemCatalogue.ComponentsFailed);
        _health.Register("network");
        _health.Register("ledger");
        _health.MarkHostStarted();
        Assert.Equal((0, 0), (ready.Value, failed.Value));

        _health.Set("network", ComponentState.Running);
        _health.Set("ledger", ComponentState.Running);
        Assert.Equal((1, 0), (ready.Value, failed.Value));

        _health.SetProblem("storage", "disk full");
        Assert.Equal(0, ready.Value);
        _health.SetProblem("storage", null);
        _health.Set("ledger", ComponentState.Failed);
        Assert.Equal((0, 1), (ready.Value, failed.Value));
    }

    [Fact]
    public void Node_is_ready_only_when_started_and_every_component_runs()
    {
        Assert.False(_health.Report().Ready);
        _health.Register("network");
        _health.MarkHostStarted();
        Assert.False(_health.Report().Ready);
        Assert.Equal("starting", _health.Report().Components["network"]);

        _health.Set("network", ComponentState.Running);

        Assert.True(_health.Report().Ready);
    }

    private double Uptime() => _registry.Gauge(Icn.Node.Metrics.SystemCatalogue.UptimeSeconds).Value;
}
