using System.Text.RegularExpressions;

namespace Icn.IntegrationTests.Operations;

/// <summary>
/// Monitoring past one Prometheus, with two real ones: a site server runs the shipped SLO rules over a real node, and
/// a global server, configured by the shipped deploy/prometheus/federation.yml, federates the site and answers the
/// fleet's SLO queries with the site's label.
/// </summary>
public sealed partial class FederationTests : InTempDirectory
{
    [Fact]
    public async Task A_global_prometheus_federating_a_site_answers_the_fleets_slo_queries()
    {
        await using var node = await RunningNode.StartAsync(Dir.File("node"));
        var slos = await File.ReadAllTextAsync(Repository.PathOf("deploy", "prometheus", Icn.Node.Metrics.NodeSlos.RulesFile), TestContext.Current.CancellationToken);
        await using var site = await PrometheusServer.StartAsync($"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels:
                site: north
            rule_files:
              - {Icn.Node.Metrics.NodeSlos.RulesFile}
            scrape_configs:
              - job_name: icn
                static_configs:
                  - targets: ['127.0.0.1:{node.MetricsPort}']
            """, new Dictionary<string, string> { [Icn.Node.Metrics.NodeSlos.RulesFile] = slos });

        // The shipped global configuration, pointed at this site and made quick.
        var shipped = await File.ReadAllTextAsync(Repository.PathOf("deploy", "prometheus", "federation.yml"), TestContext.Current.CancellationToken);
        var global = Targets().Replace(shipped, $"- targets: [\"{site.Address}\"]").Replace("scrape_interval: 30s", "scrape_interval: 1s");
        Assert.NotEqual(shipped, global);
        await using var fleet = await PrometheusServer.StartAsync(global, new Dictionary<string, string>());

        // RPC traffic for the availability SLI, then the fleet's question: the worst node of each site, per SLO.
        using var rpc = node.Rpc();
        var answer = await Poll.UntilAsync(async () =>
        {
            await rpc.StatusAsync(TestContext.Current.CancellationToken); // calls that keep coming, so the rate has an increase to see
            var results = await fleet.QueryAsync("max by (site, slo) (instance:icn_slo_errors:ratio_rate5m)");
            // NaN until the site's rate window holds the calls (no calls: no ratio).
            return results.Any(r => r.Labels.GetValueOrDefault("slo") == "rpc_availability" && !double.IsNaN(r.Value)) ? results : null;
        }, "the global server to answer the rpc_availability SLO from the site's recording", TimeSpan.FromSeconds(60));
        var availability = answer.Single(r => r.Labels["slo"] == "rpc_availability");
        Assert.Equal("north", availability.Labels["site"]);
        Assert.Equal(0, availability.Value); // no call ended in error

        // The fleet gauges it federates keep the site's job and instance (honor_labels), and the raw series stay at the site.
        var ups = await Poll.UntilAsync(async () => await fleet.QueryAsync("up{job=\"icn\"}") is { Count: 1 } one ? one : null, "the site's up in the global server");
        Assert.Equal(($"127.0.0.1:{node.MetricsPort}", "north", 1.0), (ups[0].Labels["instance"], ups[0].Labels["site"], ups[0].Value));
        Assert.Empty(await fleet.QueryAsync("icn_rpc_requests_total"));
    }

    [GeneratedRegex(@"- targets: \[[^\]]*\]")]
    private static partial Regex Targets();
}
