using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Icn.IntegrationTests.Operations;

/// <summary>The shipped Prometheus configuration and alert rules, checked and unit-tested by the real promtool.</summary>
public sealed partial class AlertRuleTests
{
    private static readonly string s_deploy = Repository.PathOf("deploy", "prometheus");
    private static readonly string s_rules = File.ReadAllText(Path.Combine(s_deploy, "rules", "icn-alerts.yml"));
    private static readonly string s_ruleTests = File.ReadAllText(Path.Combine(s_deploy, "tests", "icn-alerts.test.yml"));

    private static IReadOnlyList<string> Alerts => [.. AlertName().Matches(s_rules).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Promtool_finds_the_rules_and_the_configuration_valid()
    {
        var (rules, rulesOutput) = await Promtool("check", "rules", "rules/icn-alerts.yml");
        var (config, configOutput) = await Promtool("check", "config", "prometheus.yml");
        var (devnet, devnetOutput) = await Promtool("check", "config", "devnet.yml");

        Assert.True(rules == 0, rulesOutput);
        Assert.Contains($"SUCCESS: {Alerts.Count} rules found", rulesOutput, StringComparison.Ordinal);
        Assert.True(config == 0, configOutput);
        Assert.True(devnet == 0, devnetOutput);
    }

    [Fact]
    public async Task Promtool_unit_tests_pass_and_show_every_alert_firing_and_not_firing()
    {
        var (code, output) = await Promtool("test", "rules", "tests/icn-alerts.test.yml");

        Assert.True(code == 0, output);
        Assert.Equal(14, Alerts.Count);
        foreach (var alert in Alerts)
        {
            var cases = Regex.Matches(s_ruleTests, $@"alertname: {alert}\n(?<body>(?:(?!\s+- eval_time).*\n?)*)").Select(m => m.Groups["body"].Value).ToList();
            Assert.True(cases.Any(c => c.Contains("exp_alerts:", StringComparison.Ordinal)), $"{alert} is never shown firing");
            Assert.True(cases.Any(c => !c.Contains("exp_alerts:", StringComparison.Ordinal)), $"{alert} is never shown not firing");
        }
    }

    [Fact]
    public void Every_alert_has_a_summary_a_description_and_a_runbook_section()
    {
        var operations = File.ReadAllText(Repository.PathOf("docs", "operations.md"));
        foreach (Match rule in AlertRule().Matches(s_rules))
        {
            var (alert, body) = (rule.Groups["name"].Value, rule.Groups["body"].Value);
            Assert.Contains("summary:", body, StringComparison.Ordinal);
            Assert.Contains("description:", body, StringComparison.Ordinal);
            Assert.Contains($"runbook: \"docs/operations.md#{alert.ToLowerInvariant()}\"", body, StringComparison.Ordinal);
            Assert.Contains($"\n### {alert}\n", operations, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule_expressions_name_only_catalogue_metrics()
    {
        var catalogue = Icn.Node.Metrics.NodeCatalogue.All.Select(m => m.Name).ToHashSet();
        var named = MetricName().Matches(s_rules).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(named);
        // A histogram is named by its series: _bucket, _count and _sum of a catalogue family.
        static string Family(string series) => System.Text.RegularExpressions.Regex.Replace(series, "_(bucket|count|sum)$", "");
        Assert.All(named, name => Assert.True(catalogue.Contains(name) || catalogue.Contains(Family(name)), $"{name} is not in the metric catalogue"));
    }

    private static async Task<(int Code, string Output)> Promtool(params string[] args)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = s_deploy, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (apt-get install prometheus)");
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
            + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"- alert: (?<name>\w+)\n(?<body>(?:(?!\s+- alert:).*\n?)*)")]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"\bicn_[a-z_]+[a-z]")]
    private static partial Regex MetricName();
}
