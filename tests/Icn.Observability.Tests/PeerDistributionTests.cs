using System.Text;
using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Observability.Tests;

/// <summary>A figure per peer as a distribution over peers: current minus previous counts each peer once, in fixed series.</summary>
public class PeerDistributionTests
{
    private static readonly MetricDefinition s_rtt = MetricDefinition.OverPeers("network", "test_peer_rtt_seconds", "help", "meaning", "seconds",
        [0.001, 0.01, 0.1, 1]);

    [Fact]
    public void Five_hundred_peers_moving_and_leaving_leave_each_remaining_peer_counted_once_at_its_latest_value()
    {
        var registry = new MetricRegistry([s_rtt]);
        var distribution = registry.Distribution(s_rtt);
        var random = new Random(17);
        var peers = Enumerable.Range(0, 500).Select(_ => new PeerFigure(distribution)).ToArray();
        var latest = new double[peers.Length];
        peers[0].Set(0.5);
        peers[1].Set(0.05);
        var seriesWithTwo = Series(registry);
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < peers.Length; i++)
            {
                latest[i] = random.NextDouble() * 2;
                peers[i].Set(latest[i]);
            }
        }

        for (var i = 0; i < 100; i++)
        {
            peers[i].Remove();
            peers[i].Set(5); // a late pong after the close shows nothing
        }

        var remaining = latest.Skip(100).ToArray();
        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText));
        foreach (var bound in new[] { "0.001", "0.01", "0.1", "1", "+Inf" })
        {
            var expected = bound == "+Inf" ? remaining.Length : remaining.Count(v => v <= double.Parse(bound, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected, Bucket(text, "current", bound) - Bucket(text, "previous", bound));
        }

        Assert.Equal(seriesWithTwo, Series(registry)); // 500 peers or two: the same series
    }

    private static long Bucket(string text, string set, string le) =>
        long.Parse(text.Split('\n').Single(l => l.StartsWith($"test_peer_rtt_seconds_bucket{{set=\"{set}\",le=\"{le}\"}} ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);

    private static int Series(MetricRegistry registry) =>
        Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText)).Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
}
