using System.Text.Json;
using System.Text.RegularExpressions;
using Icn.Observability.Catalogue;

namespace Icn.Node.Tests.Contract;

/// <summary>deploy/grafana/icn-nodes.json: generated from the catalogue, covering all of it and nothing else, valid for Grafana.</summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string s_path = Repository.PathOf("deploy", "grafana", "icn-nodes.json");

    [Fact]
    public void The_shipped_dashboard_is_generated_from_the_catalogue()
    {
        var expected = GrafanaDashboard.Render(Icn.Node.Metrics.NodeCatalogue.All, Icn.Node.Metrics.NodeSlos.All);
        if (Environment.GetEnvironmentVariable("ICN_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(s_path, expected);
        }

        Assert.True(File.Exists(s_path) && expected == File.ReadAllText(s_path), "deploy/grafana/icn-nodes.json is stale: run ICN_UPDATE_DOCS=1 ./test.sh and commit it");
    }

    [Fact]
    public void Every_catalogue_metric_appears_in_a_panel_and_every_query_names_only_catalogue_metrics()
    {
        var expressions = Panels().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        var named = expressions.SelectMany(e => MetricName().Matches(e).Select(m => Regex.Replace(m.Value, "_bucket$", ""))).ToHashSet();
        var catalogue = Icn.Node.Metrics.NodeCatalogue.All.Select(m => m.Name).ToHashSet();

        Assert.Empty(catalogue.Except(named));
        Assert.Empty(named.Except(catalogue));
    }

    [Fact]
    public void Counters_are_charted_as_rates_and_histograms_as_quantiles()
    {
        foreach (var family in Icn.Node.Metrics.NodeCatalogue.All)
        {
            var queries = GrafanaDashboard.Queries(family);
            if (family.IsOverPeers)
            {
                // A distribution over peers: each peer once, current minus previous, never a rate.
                Assert.Equal(["histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,"], queries.Select(q => q.Expr.Split(' ')[0]));
                Assert.All(queries, q => Assert.Contains($"{family.Name}_bucket{{instance=~\"$instance\",set=\"current\"}}) - sum by (le, instance) ({family.Name}_bucket{{instance=~\"$instance\",set=\"previous\"}})", q.Expr, StringComparison.Ordinal));
                Assert.All(queries, q => Assert.DoesNotContain("rate(", q.Expr, StringComparison.Ordinal));
                continue;
            }

            Assert.All(queries, q => Assert.Contains("{instance=~\"$instance\"}", q.Expr, StringComparison.Ordinal));
            switch (family.Kind)
            {
                case MetricKind.Counter:
                    Assert.StartsWith("sum by (instance", Assert.Single(queries).Expr, StringComparison.Ordinal);
                    Assert.Contains($"rate({family.Name}{{", queries[0].Expr, StringComparison.Ordinal);
                    break;
                case MetricKind.Histogram:
                    Assert.Equal(["histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,"], queries.Select(q => q.Expr.Split(' ')[0]));
                    Assert.All(queries, q => Assert.Contains($"rate({family.Name}_bucket{{", q.Expr, StringComparison.Ordinal));
                    break;
                default:
                    Assert.DoesNotContain("rate(", Assert.Single(queries).Expr, StringComparison.Ordinal);
                    break;
            }
        }
    }

    [Fact]
    public void The_json_is_a_grafana_dashboard_with_datasource_and_instance_variables()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(s_path));
        var root = document.RootElement;
        Assert.Equal(GrafanaDashboard.Uid, root.GetProperty("uid").GetString());
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        Assert.Equal("query", variables["instance"].GetProperty("type").GetString());
        Assert.Equal("query", variables["job"].GetProperty("type").GetString());
        Assert.Contains("{job=~\"$job\"}", variables["instance"].GetProperty("definition").GetString(), StringComparison.Ordinal); // a job narrows the nodes

        // The overview and SLO rows: stat panels with thresholds; one budget panel per SLO, on its recorded ratio.
        var stats = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() == "stat").ToList();
        Assert.Equal(GrafanaDashboard.OverviewQueries.Count + Icn.Node.Metrics.NodeSlos.All.Count, stats.Count);
        Assert.All(stats, p => Assert.NotEmpty(p.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()));
        Assert.All(Icn.Node.Metrics.NodeSlos.All, slo => Assert.Single(stats, p => p.GetProperty("targets")[0].GetProperty("expr").GetString() == GrafanaDashboard.BudgetLeft(slo)));

        var all = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(all.Count, all.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.Equal(["Overview", "Service-level objectives (error budget left, 30 days)", "Network", "Gossip", "Ledger", "Trust", "RPC", "HTTP ports", "Storage", "System", "Process", "Build"],
            all.Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()));
        var cells = new HashSet<(int, int)>();
        foreach (var panel in all)
        {
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.InRange(x + w, 1, 24);
            for (var i = x; i < x + w; i++)
            {
                for (var j = y; j < y + h; j++)
                {
                    Assert.True(cells.Add((i, j)), $"panel {panel.GetProperty("id")} overlaps another at {i},{j}");
                }
            }
        }

        Assert.All(Panels(), p =>
        {
            Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(p.GetProperty("targets").EnumerateArray(), t => Assert.False(string.IsNullOrEmpty(t.GetProperty("refId").GetString())));
        });
    }

    private static List<JsonElement> Panels() =>
        [.. JsonDocument.Parse(File.ReadAllText(s_path)).RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row")];

    [GeneratedRegex(@"(?<![:\w])(icn|process|dotnet)_[a-z0-9_]+[a-z]")] // not the recorded instance:icn_slo_errors:...
    private static partial Regex MetricName();
}
