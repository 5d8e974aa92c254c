using System.Globalization;
using System.Text.Json.Nodes;
using Icn.Observability.Slo;

namespace Icn.Observability.Catalogue;

/// <summary>The dashboard's first two rows: the fleet at a glance (stat panels with thresholds), and each SLO's error budget left.</summary>
public static partial class GrafanaDashboard
{
    private const string Fleet = "{job=~\"$job\",instance=~\"$instance\"}";
    private const int StatWidth = 6;
    private const int StatHeight = 4;

    /// <summary>The PromQL of the overview's stat panels, with their titles, units and red-below / green-from thresholds.</summary>
    public static IReadOnlyList<(string Title, string Expr, string Unit, double? Red, double? Green)> OverviewQueries { get; } =
    [
        ("Nodes up", $"count(up{Fleet} == 1) or vector(0)", "short", 1, 1),
        ("Nodes ready", $"sum(icn_system_ready{Fleet}) or vector(0)", "short", 1, 1),
        ("Peer sessions", $"sum(icn_network_connections_active{Fleet})", "short", 1, 1),
        ("Versions", $"count by (version) (icn_build_info{Fleet})", "short", null, null),
    ];

    /// <summary>An SLO's error budget left over 30 days, per node: 1 minus the month's bad share over the budget.</summary>
    public static string BudgetLeft(ServiceLevelObjective slo) =>
        $"1 - (avg_over_time({BurnRate.Recorded("1h")}{{slo=\"{slo.Name}\",job=~\"$job\",instance=~\"$instance\"}}[30d]) / {slo.Budget.ToString("0.############", CultureInfo.InvariantCulture)})";

    private static int AddOverview(JsonArray panels, int id, IReadOnlyList<ServiceLevelObjective> objectives, ref int y)
    {
        panels.Add(RowPanel(id++, "Overview", y++));
        foreach (var ((title, expr, unit, red, green), index) in OverviewQueries.Select((q, i) => (q, i)))
        {
            var legend = title == "Versions" ? "{{version}}" : title;
            panels.Add(Stat(id++, title, expr, legend, unit, Thresholds(red, green), Grid(index * StatWidth, y, StatWidth, StatHeight)));
        }

        y += StatHeight;
        panels.Add(RowPanel(id++, "Service-level objectives (error budget left, 30 days)", y++));
        foreach (var (slo, index) in objectives.Select((s, i) => (s, i)))
        {
            var title = $"{slo.Name} ({(slo.Objective * 100).ToString("0.###", CultureInfo.InvariantCulture)} %)";
            var stat = Stat(id++, title, BudgetLeft(slo), "{{instance}}", "percentunit", Thresholds(0, 0.25), Grid(index % 4 * StatWidth, y + (index / 4 * StatHeight), StatWidth, StatHeight));
            stat["description"] = $"{slo.Summary}: the share of the 30-day error budget still unspent, per node. Alert {slo.Alert}; runbook in docs/operations.md.";
            panels.Add(stat);
        }

        y += (objectives.Count + 3) / 4 * StatHeight;
        return id;
    }

    private static JsonObject RowPanel(int id, string title, int y) => new()
    {
        ["id"] = id,
        ["type"] = "row",
        ["title"] = title,
        ["collapsed"] = false,
        ["gridPos"] = Grid(0, y, 24, 1),
        ["panels"] = new JsonArray(),
    };

    private static JsonObject Stat(int id, string title, string expr, string legend, string unit, JsonObject thresholds, JsonObject grid) => new()
    {
        ["id"] = id,
        ["type"] = "stat",
        ["title"] = title,
        ["datasource"] = Datasource(),
        ["gridPos"] = grid,
        ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit, ["thresholds"] = thresholds }, ["overrides"] = new JsonArray() },
        ["options"] = new JsonObject { ["colorMode"] = "background", ["graphMode"] = "none", ["textMode"] = legend == "{{version}}" ? "name" : "auto" },
        ["targets"] = new JsonArray(new JsonObject { ["refId"] = "A", ["datasource"] = Datasource(), ["expr"] = expr, ["legendFormat"] = legend }),
    };

    // Red below the first step, amber between, green from the second; without steps, neutral.
    private static JsonObject Thresholds(double? red, double? green)
    {
        var steps = new JsonArray(new JsonObject { ["color"] = red is null ? "blue" : "red", ["value"] = null });
        if (red is { } r && green is { } g && g > r)
        {
            steps.Add(new JsonObject { ["color"] = "orange", ["value"] = r });
        }

        if (green is { } value)
        {
            steps.Add(new JsonObject { ["color"] = "green", ["value"] = value });
        }

        return new JsonObject { ["mode"] = "absolute", ["steps"] = steps };
    }

    private static JsonObject JobVariable() => QueryVariable("job", "Job", "label_values(icn_system_uptime_seconds, job)");
}
