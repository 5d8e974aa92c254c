using System.Diagnostics;
using System.Text.Json;

namespace Icn.IntegrationTests.Operations;

/// <summary>
/// The operations kit against a live fleet: a 3-node devnet running the demo, scraped by a real
/// Prometheus (Debian's package) with the shipped rules; the shipped dashboard's queries run through
/// its HTTP API.
/// </summary>
public sealed class DevnetPrometheusTests : InDevnet
{
    [Fact]
    public async Task Dashboard_and_alerts_evaluate_on_a_healthy_devnet_and_node_down_names_a_killed_node()
    {
        using var up = await ProgramRun.IcnctlAsync(["devnet", "up", "--nodes", "3", "--demo", "--prometheus", "--dir", Folder],
            deadline: TimeSpan.FromMinutes(2)); // beyond up's own 90 s, so that a node that never forms is shown with its log;
        Assert.True(up.ExitCode == 0, up.Output);
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "devnet.json"), TestContext.Current.CancellationToken));
        var prometheus = $"http://127.0.0.1:{state.RootElement.GetProperty("prometheus_port").GetInt32()}/";
        Assert.Contains($"Prometheus: {prometheus}", up.Stdout, StringComparison.Ordinal);

        // Every panel query evaluates; every component's row has data once rates have two samples.
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("deploy", "grafana", "icn-nodes.json"), TestContext.Current.CancellationToken));
        var rows = Rows(dashboard.RootElement);
        await Poll.UntilAsync(async () =>
        {
            var withData = new HashSet<string>();
            foreach (var (row, expr) in rows)
            {
                var result = await QueryAsync(prometheus, expr.Replace("$instance", ".*", StringComparison.Ordinal).Replace("$job", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal));
                if (result.GetArrayLength() > 0)
                {
                    withData.Add(row);
                }
            }

            return withData.Count == rows.Select(r => r.Row).Distinct().Count() ? "" : null;
        }, "data in every row of the dashboard", TimeSpan.FromSeconds(90));

        // Every alert expression evaluates, and none holds on the healthy devnet: stronger than "not firing",
        // which every rule's "for" would guarantee this early anyway. (Right after start, uptime has not
        // changed yet, so the stale-metrics condition holds until the first gauge refresh.)
        using var rules = JsonDocument.Parse(await Http.GetStringAsync(prometheus + "api/v1/rules", TestContext.Current.CancellationToken));
        var all = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.All(all, rule => Assert.Equal("ok", rule.GetProperty("health").GetString())); // the SLOs' recording rules too
        var alerts = all.Where(r => r.GetProperty("type").GetString() == "alerting").ToList();
        Assert.Equal(15 + (3 * Icn.Node.Metrics.NodeSlos.All.Count), alerts.Count);
        await Poll.UntilAsync(async () =>
        {
            foreach (var alert in alerts)
            {
                if ((await QueryAsync(prometheus, alert.GetProperty("query").GetString()!)).GetArrayLength() > 0)
                {
                    return null;
                }
            }

            return "";
        }, "no alert condition to hold on the healthy devnet", TimeSpan.FromSeconds(60));
        using var firing = JsonDocument.Parse(await Http.GetStringAsync(prometheus + "api/v1/alerts", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(firing.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray(), a => a.GetProperty("state").GetString() == "firing");

        // Kill one node: the node-down expression returns it.
        var killed = state.RootElement.GetProperty("nodes")[2];
        using (var process = Process.GetProcessById(killed.GetProperty("pid").GetInt32()))
        {
            process.Kill();
        }

        var instance = $"127.0.0.1:{killed.GetProperty("metrics_port").GetInt32()}";
        var nodeDown = alerts.Single(a => a.GetProperty("name").GetString() == "IcnNodeDown").GetProperty("query").GetString()!;
        await Poll.UntilAsync(async () =>
        {
            var down = await QueryAsync(prometheus, nodeDown);
            return down.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("instance").GetString()).SequenceEqual([instance]) ? "" : null;
        }, $"{nodeDown} to return {instance}", TimeSpan.FromSeconds(60));
    }

    /// <summary>Each panel query with the title of the row it sits under.</summary>
    private static List<(string Row, string Expr)> Rows(JsonElement dashboard)
    {
        var queries = new List<(string, string)>();
        var row = "";
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                row = panel.GetProperty("title").GetString()!;
                continue;
            }

            queries.AddRange(panel.GetProperty("targets").EnumerateArray().Select(t => (row, t.GetProperty("expr").GetString()!)));
        }

        return queries;
    }

    /// <summary>Runs an instant query; fails the test unless Prometheus evaluates it.</summary>
    private async Task<JsonElement> QueryAsync(string prometheus, string promql)
    {
        using var response = await Http.GetAsync($"{prometheus}api/v1/query?query={Uri.EscapeDataString(promql)}", TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(document.RootElement.GetProperty("status").GetString() == "success", $"{promql}: {document.RootElement}");
        return document.RootElement.GetProperty("data").GetProperty("result").Clone();
    }
}
