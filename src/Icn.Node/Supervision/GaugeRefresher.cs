using Icn.Node.Configuration;
using Icn.Node.Metrics;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.Extensions.Hosting;

namespace Icn.Node.Supervision;

/// <summary>
/// Refreshes the gauges that describe the node as a whole (its process and runtime through <see cref="ProcessSampler"/>,
/// also at each scrape), on start and then every
/// <see cref="ObservabilityOptions.GaugeRefreshInterval"/>; <c>actors_active</c> also follows every
/// component state change at once, and so do <c>ready</c> and <c>components_failed</c>. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class GaugeRefresher : BackgroundService
{
    private readonly NodeHealth _health;
    private readonly TimeProvider _time;
    private readonly PeriodicTimer _timer;
    private readonly long _startedAt;
    private readonly Observability.Instruments.Gauge _uptime;
    private readonly Observability.Instruments.Gauge _actors;
    private readonly Observability.Instruments.Gauge _ready;
    private readonly Observability.Instruments.Gauge _failed;
    private readonly MetricRegistry _registry;
    private readonly ProcessSampler _process;

    public GaugeRefresher(MetricRegistry registry, NodeHealth health, TimeProvider time, ObservabilityOptions options)
    {
        _health = health;
        _time = time;
        _startedAt = time.GetTimestamp();
        // Ticks count from the node's start, not from whenever the background loop gets a thread.
        _timer = new PeriodicTimer(options.GaugeRefreshInterval, time);
        _uptime = registry.Gauge(SystemCatalogue.UptimeSeconds);
        _actors = registry.Gauge(SystemCatalogue.ActorsActive);
        _ready = registry.Gauge(SystemCatalogue.Ready);
        _failed = registry.Gauge(SystemCatalogue.ComponentsFailed);
        _registry = registry;
        _process = new ProcessSampler(registry);
        _health.Changed += RefreshActors;
        Refresh();
    }

    /// <summary>Time since the node started.</summary>
    public TimeSpan Uptime => _time.GetElapsedTime(_startedAt);

    /// <summary>Sets every node-wide gauge from the current state.</summary>
    public void Refresh()
    {
        _uptime.Set(Math.Round(Uptime.TotalSeconds));
        RefreshActors();
        _registry.Collect(); // sampled families too, for exporters that read between scrapes
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                Refresh();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _health.Changed -= RefreshActors;
        _process.Dispose();
        _timer.Dispose();
        base.Dispose();
    }

    private void RefreshActors()
    {
        _actors.Set(_health.ActiveCount);
        _failed.Set(_health.FailedCount);
        _ready.Set(_health.Report().Ready ? 1 : 0);
    }
}
