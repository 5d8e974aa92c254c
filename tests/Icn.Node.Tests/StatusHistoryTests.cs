using System.Text.Json;
using Icn.Node.Http.StatusPage;
using Icn.Observability.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Node.Tests;

/// <summary>The console's memory: the key series over the last 30 minutes, a fixed ring that a reload reads back.</summary>
public class StatusHistoryTests
{
    private readonly MetricRegistry _registry = Icn.Node.Metrics.NodeCatalogue.CreateRegistry(new BuildInfo("0.0.0", "test"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Keeps_30_minutes_of_totals_and_no_more_oldest_first()
    {
        var history = new StatusHistory(_registry, _time);
        var sent = _registry.Counter(Icn.Network.NetworkCatalogue.MessagesSent);
        var peers = _registry.Gauge(Icn.Network.NetworkCatalogue.ConnectionsActive);
        for (var i = 1; i <= StatusHistory.Capacity + 40; i++)
        {
            _time.Advance(StatusHistory.Interval);
            sent.Add(10);
            peers.Set(i % 3);
            history.Sample();
        }

        using var json = JsonDocument.Parse(history.Json());
        var series = json.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetString()).ToList();
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(StatusHistory.Capacity, points.Count);
        Assert.Equal(TimeSpan.FromMinutes(30), StatusHistory.Interval * StatusHistory.Capacity);
        var column = series.IndexOf("icn_network_messages_sent_total") + 1;
        Assert.Equal(10.0 * (StatusHistory.Capacity + 40), points[^1][column].GetDouble());
        Assert.Equal(10.0 * 41, points[0][column].GetDouble()); // the oldest 41 (the first taken at construction) were overwritten
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), points[^1][0].GetInt64());
        Assert.Equal((StatusHistory.Capacity + 40) % 3, points[^1][series.IndexOf("icn_network_connections_active") + 1].GetDouble());
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.True(pair.First[0].GetInt64() < pair.Second[0].GetInt64()));
    }

    [Fact]
    public void Increase_is_the_growth_within_the_window_only()
    {
        var history = new StatusHistory(_registry, _time);
        var refused = _registry.Counter(Icn.Network.NetworkCatalogue.SessionsRefused, "limit");
        refused.Add(7); // long ago
        for (var i = 0; i < 120; i++)
        {
            _time.Advance(StatusHistory.Interval);
            history.Sample();
        }

        Assert.Equal(0, history.Increase(Icn.Network.NetworkCatalogue.SessionsRefused, TimeSpan.FromMinutes(5)));
        refused.Add(3);
        _time.Advance(StatusHistory.Interval);
        history.Sample();
        Assert.Equal(3, history.Increase(Icn.Network.NetworkCatalogue.SessionsRefused, TimeSpan.FromMinutes(5)));
        Assert.Equal(10, history.Increase(Icn.Network.NetworkCatalogue.SessionsRefused, TimeSpan.FromHours(1)));
    }
}
