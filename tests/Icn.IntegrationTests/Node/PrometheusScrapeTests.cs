using Icn.Observability.Catalogue;

namespace Icn.IntegrationTests.Node;

/// <summary>A real Prometheus scrapes a real icnd: the exposition must parse the first time.</summary>
public class PrometheusScrapeTests : InTempDirectory
{
    [Fact]
    public async Task Prometheus_scrapes_the_node_without_error_and_sees_every_family()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);
        await using var prometheus = await PrometheusServer.StartAsync("icn", [$"127.0.0.1:{node.MetricsPort}"]);

        var target = await Poll.UntilAsync(async () =>
        {
            var targets = await prometheus.TargetsAsync();
            return targets.Count == 1 && targets[0].Health != "unknown" ? targets[0].ToTuple() : null;
        }, "the first scrape");

        Assert.Equal("up", target.Item1);
        Assert.Equal("", target.Item2);
        Assert.Equal(0, Assert.Single(await prometheus.QueryAsync("icn_system_actors_active")).Value);
        var build = Assert.Single(await prometheus.QueryAsync("icn_build_info"));
        Assert.Equal(1, build.Value);
        Assert.Equal("0.1.0", build.Labels["version"]);
        foreach (var definition in Icn.Node.Metrics.NodeCatalogue.All)
        {
            var series = definition.Kind == MetricKind.Histogram ? definition.Name + "_count" : definition.Name;
            Assert.NotEmpty(await prometheus.QueryAsync(series));
        }
    }
}
