using System.Globalization;
using System.Text;

namespace Icn.Observability.Slo;

/// <summary>
/// Writes the Prometheus rules for a list of SLOs: per SLO, its error ratio recorded over every window of
/// <see cref="BurnRate.Windows"/>, and one alert per tier of <see cref="BurnRate.Tiers"/>. Every alert carries
/// <c>severity</c>, <c>slo</c> and <c>burn</c>, and an absolute <c>runbook_url</c>: the external label
/// <c>runbook_base</c> when Prometheus has one, else the base the caller gives.
/// </summary>
public static class BurnRateRules
{
    public static string Yaml(IReadOnlyList<ServiceLevelObjective> objectives, string runbookBase, string source)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Generated from ").Append(source).Append(" (Icn.Observability.Slo.BurnRateRules): do not edit here.\n")
            .Append("# Regenerate with: ICN_UPDATE_DOCS=1 ./test.sh. Each SLO, its objective and its runbook: docs/operations.md.\n")
            .Append("groups:\n");
        foreach (var slo in objectives)
        {
            yaml.Append("  - name: icn-slo-").Append(slo.Name).Append('\n').Append("    rules:\n");
            foreach (var window in BurnRate.Windows)
            {
                yaml.Append("      - record: ").Append(BurnRate.Recorded(window)).Append('\n')
                    .Append("        expr: ").Append(slo.ErrorRatioOver(window)).Append('\n')
                    .Append("        labels:\n          slo: ").Append(slo.Name).Append('\n');
            }

            foreach (var tier in BurnRate.Tiers)
            {
                AppendAlert(yaml, slo, tier, runbookBase);
            }
        }

        return yaml.ToString();
    }

    /// <summary>The bad share at which <paramref name="tier"/> fires for <paramref name="slo"/>.</summary>
    public static double Threshold(ServiceLevelObjective slo, BurnRate tier) => Math.Round(tier.Factor * slo.Budget, 12);

    public static string RunbookUrl(string alert, string runbookBase) =>
        $"{{{{ or $externalLabels.runbook_base \"{runbookBase}\" }}}}#{alert.ToLowerInvariant()}";

    public static string Summary(ServiceLevelObjective slo, BurnRate tier) =>
        $"{slo.Summary} on {{{{ $labels.instance }}}}: the {Percent(slo.Objective)} SLO {slo.Name} burns {Number(tier.Factor)}x its budget";

    public static string Description(ServiceLevelObjective slo, BurnRate tier) =>
        $"Over the last {tier.Long} and {tier.Short}, {{{{ $labels.instance }}}} spent its error budget ({Percent(slo.Budget)} bad over 30 days) "
        + $"at least {Number(tier.Factor)} times as fast as the objective allows: {tier.Budget}.";

    private static void AppendAlert(StringBuilder yaml, ServiceLevelObjective slo, BurnRate tier, string runbookBase)
    {
        var threshold = Number(Threshold(slo, tier));
        yaml.Append("      - alert: ").Append(slo.Alert).Append('\n')
            .Append("        expr: ").Append(BurnRate.Recorded(tier.Long)).Append("{slo=\"").Append(slo.Name).Append("\"} > ").Append(threshold)
            .Append(" and on (job, instance) ").Append(BurnRate.Recorded(tier.Short)).Append("{slo=\"").Append(slo.Name).Append("\"} > ").Append(threshold).Append('\n')
            .Append("        for: ").Append(tier.For).Append('\n')
            .Append("        labels:\n")
            .Append("          severity: ").Append(tier.Severity).Append('\n')
            .Append("          slo: ").Append(slo.Name).Append('\n')
            .Append("          burn: ").Append(tier.Name).Append('\n')
            .Append("        annotations:\n")
            .Append("          summary: \"").Append(Summary(slo, tier)).Append("\"\n")
            .Append("          description: \"").Append(Description(slo, tier)).Append("\"\n")
            .Append("          runbook_url: '").Append(RunbookUrl(slo.Alert, runbookBase)).Append("'\n");
    }

    public static string Number(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
