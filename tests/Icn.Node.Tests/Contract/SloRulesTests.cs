using System.Text.RegularExpressions;
using Icn.Node.Metrics;
using Icn.Observability.Slo;

namespace Icn.Node.Tests.Contract;

/// <summary>
/// The SLO rules and their promtool tests in deploy/prometheus are generated from <see cref="NodeSlos"/>, and hold the
/// workbook's burn rates (promtool runs them: Icn.IntegrationTests' AlertRuleTests).
/// </summary>
public sealed partial class SloRulesTests
{
    private static readonly string s_rules = Repository.PathOf("deploy", "prometheus", NodeSlos.RulesFile);
    private static readonly string s_tests = Repository.PathOf("deploy", "prometheus", NodeSlos.TestsFile);
    private const string Source = "src/Icn.Node/Metrics/NodeSlos.cs";

    [Fact]
    public void The_shipped_rules_and_tests_are_generated_from_the_spec()
    {
        var rules = BurnRateRules.Yaml(NodeSlos.All, NodeSlos.DefaultRunbookBase, Source);
        var tests = BurnRateRuleTests.Yaml(NodeSlos.All, "../" + NodeSlos.RulesFile, NodeSlos.DefaultRunbookBase, Source);
        if (Environment.GetEnvironmentVariable("ICN_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(s_rules, rules);
            File.WriteAllText(s_tests, tests);
        }

        Assert.True(File.Exists(s_rules) && rules == File.ReadAllText(s_rules), $"{NodeSlos.RulesFile} is stale: run ICN_UPDATE_DOCS=1 ./test.sh and commit it");
        Assert.True(File.Exists(s_tests) && tests == File.ReadAllText(s_tests), $"{NodeSlos.TestsFile} is stale: run ICN_UPDATE_DOCS=1 ./test.sh and commit it");
    }

    [Fact]
    public void Every_slo_has_the_three_workbook_tiers_at_its_own_budget()
    {
        var rules = File.ReadAllText(s_rules);
        Assert.Equal(NodeSlos.All.Count, NodeSlos.All.Select(s => s.Name).Distinct().Count());
        foreach (var slo in NodeSlos.All)
        {
            Assert.InRange(slo.Objective, 0.9, 0.99999);
            foreach (var window in BurnRate.Windows)
            {
                Assert.Contains($"- record: {BurnRate.Recorded(window)}\n        expr: {slo.ErrorRatioOver(window)}\n        labels:\n          slo: {slo.Name}\n", rules, StringComparison.Ordinal);
            }

            // The workbook's pairs for a 30-day objective: 1 h and 5 min at 14.4x, 6 h and 30 min at 6x (pages), 3 d and 6 h at 1x (a ticket).
            var alerts = Alert().Matches(rules).Where(m => m.Groups["name"].Value == slo.Alert).Select(m => m.Groups["body"].Value).ToList();
            Assert.Equal(3, alerts.Count);
            foreach (var (longWindow, shortWindow, factor, severity) in new[] { ("1h", "5m", 14.4, "page"), ("6h", "30m", 6.0, "page"), ("3d", "6h", 1.0, "ticket") })
            {
                var threshold = BurnRateRules.Number(Math.Round(factor * (1 - slo.Objective), 12));
                Assert.Single(alerts, a => a.Contains($"ratio_rate{longWindow}{{slo=\"{slo.Name}\"}} > {threshold} and on (job, instance) instance:icn_slo_errors:ratio_rate{shortWindow}{{slo=\"{slo.Name}\"}} > {threshold}\n", StringComparison.Ordinal)
                    && a.Contains($"severity: {severity}\n", StringComparison.Ordinal)
                    && a.Contains($"runbook_url: '{{{{ or $externalLabels.runbook_base \"{NodeSlos.DefaultRunbookBase}\" }}}}#{slo.Alert.ToLowerInvariant()}'", StringComparison.Ordinal));
            }
        }
    }

    [GeneratedRegex(@"- alert: (?<name>\w+)\n(?<body>(?:(?!\s+- (alert|record):).*\n?)*)")]
    private static partial Regex Alert();
}
