using System.Globalization;
using System.Text;

namespace Icn.Observability.Slo;

/// <summary>
/// Writes promtool unit tests for the rules <see cref="BurnRateRules"/> writes: per SLO, over 100 minutes, one node
/// burning its budget fast (every tier fires in turn: fast by 10 minutes, slow by 30, steady by 100), one healthy
/// node (nothing fires), and one node with a one-minute blip that its short windows see and its long windows absorb
/// (nothing fires).
/// </summary>
public static class BurnRateRuleTests
{
    private const int Minutes = 100;
    private const double EventsPerMinute = 1000;
    private const string Burning = "a:9090", Healthy = "b:9090", Blip = "c:9090";
    private const int BlipMinute = 41;

    /// <summary>When each tier has fired for the burning node, and when the blip is inside the short windows.</summary>
    private static readonly (int Minute, string[] Firing)[] s_evaluations =
        [(10, ["fast"]), (30, ["fast", "slow"]), (45, ["fast", "slow"]), (100, ["fast", "slow", "steady"])];

    public static string Yaml(IReadOnlyList<ServiceLevelObjective> objectives, string rulesFile, string runbookBase, string source)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Generated from ").Append(source).Append(" (Icn.Observability.Slo.BurnRateRuleTests): do not edit here.\n")
            .Append("# promtool test rules: every SLO's alerts fire at their burn rates, and not on a healthy node or a short blip.\n")
            .Append("rule_files:\n  - ").Append(rulesFile).Append("\nevaluation_interval: 1m\ntests:\n");
        foreach (var slo in objectives)
        {
            yaml.Append("  - name: ").Append(slo.Name).Append(" burning, healthy and blipping\n    interval: 1m\n    input_series:\n");
            AppendSeries(yaml, slo, Burning, Burn(slo));
            AppendSeries(yaml, slo, Healthy, Steady(slo));
            AppendSeries(yaml, slo, Blip, BlipOf(slo));
            yaml.Append("    alert_rule_test:\n");
            foreach (var (minute, firing) in s_evaluations)
            {
                yaml.Append("      - eval_time: ").Append(minute).Append("m\n        alertname: ").Append(slo.Alert).Append('\n')
                    .Append("        exp_alerts:\n");
                foreach (var tier in BurnRate.Tiers.Where(t => firing.Contains(t.Name)))
                {
                    AppendExpected(yaml, slo, tier, runbookBase);
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>A burn well past the fast tier's factor, in a shape every short window sees.</summary>
    private static Shape Burn(ServiceLevelObjective slo) => slo.Sample is TimeSample
        ? new Shape(Enumerable.Range(0, Minutes + 1).Select(m => m % 5 == 4).ToArray(), 0) // a fifth of the time: 40x a 0.5 % budget
        : new Shape([], 20 * slo.Budget);

    private static Shape Steady(ServiceLevelObjective slo) => slo.Sample is TimeSample ? new Shape([], 0) : new Shape([], 0.5 * slo.Budget);

    private static Shape BlipOf(ServiceLevelObjective slo) => slo.Sample is TimeSample
        ? new Shape(Enumerable.Range(0, Minutes + 1).Select(m => m == BlipMinute).ToArray(), 0)
        : new Shape([], 0, Jump: 300 * slo.Budget * EventsPerMinute); // 60x over 5 minutes, 5x over an hour

    private static void AppendSeries(StringBuilder yaml, ServiceLevelObjective slo, string instance, Shape shape)
    {
        switch (slo.Sample)
        {
            case CounterSample counter:
                var bad = shape.Ratio * EventsPerMinute;
                var good = counter.TotalIncludesBad ? EventsPerMinute : EventsPerMinute - bad;
                // A blip's bad events jump at one minute; when the good counter counts every event, it jumps with them.
                Series(yaml, counter.Good, instance, shape.Jump > 0 && counter.TotalIncludesBad
                    ? $"0+{N(good)}x{BlipMinute - 1} {N((BlipMinute * good) + shape.Jump)}+{N(good)}x{Minutes - BlipMinute}"
                    : $"0+{N(good)}x{Minutes}");
                Series(yaml, counter.Bad, instance, shape.Jump > 0 ? $"0x{BlipMinute - 1} {N(shape.Jump)}x{Minutes - BlipMinute}" : $"0+{N(bad)}x{Minutes}");
                break;
            case TimeSample time:
                var values = shape.BadMinutes.Length == 0 ? $"1x{Minutes}" : string.Join(' ', shape.BadMinutes.Select(b => b ? "0" : "1"));
                Series(yaml, time.Gauge, instance, values);
                break;
        }

        foreach (var (series, value) in slo.Sample.Context)
        {
            Series(yaml, series, instance, $"{N(value)}x{Minutes}");
        }
    }

    private static void AppendExpected(StringBuilder yaml, ServiceLevelObjective slo, BurnRate tier, string runbookBase)
    {
        string Of(string text) => text.Replace("{{ $labels.instance }}", Burning, StringComparison.Ordinal);
        yaml.Append("          - exp_labels: {severity: ").Append(tier.Severity).Append(", slo: ").Append(slo.Name).Append(", burn: ").Append(tier.Name)
            .Append(", job: icn, instance: \"").Append(Burning).Append("\"}\n")
            .Append("            exp_annotations:\n")
            .Append("              summary: \"").Append(Of(BurnRateRules.Summary(slo, tier))).Append("\"\n")
            .Append("              description: \"").Append(Of(BurnRateRules.Description(slo, tier))).Append("\"\n")
            .Append("              runbook_url: \"").Append(runbookBase).Append('#').Append(slo.Alert.ToLowerInvariant()).Append("\"\n");
    }

    private static void Series(StringBuilder yaml, string selector, string instance, string values)
    {
        var labels = $"job=\"icn\",instance=\"{instance}\"";
        var series = selector.EndsWith('}') ? $"{selector[..^1]},{labels}}}" : $"{selector}{{{labels}}}";
        yaml.Append("      - series: '").Append(series).Append("'\n        values: '").Append(values).Append("'\n");
    }

    private static string N(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>A steady bad share, or bad minutes for a time SLI, or a jump of bad events at <see cref="BlipMinute"/>.</summary>
    private sealed record Shape(bool[] BadMinutes, double Ratio, double Jump = 0);
}
