using System.Text.Json;
using System.Text.Json.Nodes;

namespace Icn.Observability.Catalogue;

/// <summary>
/// Renders the Grafana dashboard (<c>deploy/grafana/icn-nodes.json</c>) from the catalogue: a row per
/// component and a panel per family, so that no metric is left out and no panel names a metric the
/// node does not expose. Counters are charted as per-second rates, gauges as they are, histograms as
/// their 50th, 95th and 99th percentiles; every query is filtered by the <c>$instance</c> variable and
/// runs on the <c>$datasource</c> variable's Prometheus.
/// </summary>
public static partial class GrafanaDashboard
{
    public const string Uid = "icn-nodes";

    private const int PanelWidth = 12;
    private const int PanelHeight = 8;
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Render(IReadOnlyList<MetricDefinition> families, IReadOnlyList<Slo.ServiceLevelObjective> objectives)
    {
        var panels = new JsonArray();
        var y = 0;
        var id = AddOverview(panels, 1, objectives, ref y);
        foreach (var component in families.GroupBy(f => f.Component))
        {
            panels.Add(RowPanel(id++, Title(component.Key), y++));
            var column = 0;
            foreach (var family in component)
            {
                panels.Add(Panel(family, id++, Grid(column * PanelWidth, y, PanelWidth, PanelHeight)));
                (column, y) = column == 0 ? (1, y) : (0, y + PanelHeight);
            }

            y += column == 1 ? PanelHeight : 0;
        }

        var dashboard = new JsonObject
        {
            ["uid"] = Uid,
            ["title"] = "ICN nodes",
            ["description"] = "The fleet at a glance, each SLO's error budget left, then every metric of icnd, a row per component. Generated from the metric catalogue (docs/metrics.md) and the SLOs (rules/icn-slos.yml).",
            ["tags"] = new JsonArray("icn"),
            ["schemaVersion"] = 39,
            ["version"] = 1,
            ["editable"] = true,
            ["graphTooltip"] = 1,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-1h", ["to"] = "now" },
            ["templating"] = new JsonObject { ["list"] = new JsonArray(DatasourceVariable(), JobVariable(), InstanceVariable()) },
            ["annotations"] = new JsonObject { ["list"] = new JsonArray() },
            ["panels"] = panels,
        };
        return dashboard.ToJsonString(s_indented) + "\n";
    }

    /// <summary>The PromQL of each query of a family's panel, with its legend.</summary>
    public static IReadOnlyList<(string Expr, string Legend)> Queries(MetricDefinition family)
    {
        var selector = $"{{instance=~\"$instance\"}}";
        var labels = family.Labels.Select(l => l.Name).ToList();
        var by = string.Join(", ", new[] { "instance" }.Concat(labels));
        var legend = string.Join(" ", new[] { "{{instance}}" }.Concat(labels.Select(l => $"{{{{{l}}}}}")));
        if (family.IsOverPeers)
        {
            // Each peer once, at its latest value: current minus previous, not a rate.
            var current = $"sum by (le, instance) ({family.Name}_bucket{{instance=~\"$instance\",set=\"current\"}})";
            var previous = $"sum by (le, instance) ({family.Name}_bucket{{instance=~\"$instance\",set=\"previous\"}})";
            return [.. new[] { 0.5, 0.95, 0.99 }.Select(q => (
                $"histogram_quantile({q.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {current} - {previous})",
                $"{{{{instance}}}} p{q * 100:0} over peers"))];
        }

        return family.Kind switch
        {
            MetricKind.Counter => [($"sum by ({by}) (rate({family.Name}{selector}[$__rate_interval]))", legend)],
            MetricKind.Gauge => [($"sum by ({by}) ({family.Name}{selector})", legend)],
            _ => [.. new[] { 0.5, 0.95, 0.99 }.Select(q => (
                $"histogram_quantile({q.ToString(System.Globalization.CultureInfo.InvariantCulture)}, sum by (le, {by}) (rate({family.Name}_bucket{selector}[$__rate_interval])))",
                $"{legend} p{q * 100:0}"))],
        };
    }

    private static JsonObject Panel(MetricDefinition family, int id, JsonObject grid)
    {
        var targets = new JsonArray();
        foreach (var ((expr, legend), index) in Queries(family).Select((q, i) => (q, i)))
        {
            targets.Add(new JsonObject
            {
                ["refId"] = ((char)('A' + index)).ToString(),
                ["datasource"] = Datasource(),
                ["expr"] = expr,
                ["legendFormat"] = legend,
            });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "timeseries",
            ["title"] = family.Kind == MetricKind.Counter ? $"{family.Help} (per second)" : family.Help,
            ["description"] = $"{family.Name}: {family.Meaning}",
            ["datasource"] = Datasource(),
            ["gridPos"] = grid,
            ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = Unit(family) }, ["overrides"] = new JsonArray() },
            ["options"] = new JsonObject { ["legend"] = new JsonObject { ["displayMode"] = "list", ["placement"] = "bottom" } },
            ["targets"] = targets,
        };
    }

    private static string Unit(MetricDefinition family) => (family.Kind, family.Unit) switch
    {
        (MetricKind.Counter, "bytes") => "Bps",
        (MetricKind.Counter, _) => "ops",
        (_, "bytes") => "bytes",
        (_, "seconds") => "s",
        _ => "short",
    };

    private static string Title(string component) => component switch
    {
        "rpc" => "RPC",
        "http" => "HTTP ports",
        _ => char.ToUpperInvariant(component[0]) + component[1..],
    };

    private static JsonObject Grid(int x, int y, int w, int h) => new() { ["x"] = x, ["y"] = y, ["w"] = w, ["h"] = h };

    private static JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = "${datasource}" };

    private static JsonObject DatasourceVariable() => new()
    {
        ["name"] = "datasource",
        ["label"] = "Data source",
        ["type"] = "datasource",
        ["query"] = "prometheus",
        ["current"] = new JsonObject(),
        ["hide"] = 0,
        ["refresh"] = 1,
    };

    private static JsonObject InstanceVariable() =>
        QueryVariable("instance", "Node", "label_values(icn_system_uptime_seconds{job=~\"$job\"}, instance)");

    /// <summary>A variable listing a label's values, several or all selectable.</summary>
    private static JsonObject QueryVariable(string name, string label, string query) => new()
    {
        ["name"] = name,
        ["label"] = label,
        ["type"] = "query",
        ["datasource"] = Datasource(),
        ["definition"] = query,
        ["query"] = new JsonObject { ["query"] = query, ["refId"] = name },
        ["multi"] = true,
        ["includeAll"] = true,
        ["allValue"] = ".*",
        ["refresh"] = 2,
        ["sort"] = 1,
        ["current"] = new JsonObject { ["text"] = "All", ["value"] = "$__all" },
    };
}
