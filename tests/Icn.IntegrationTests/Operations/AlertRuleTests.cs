using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Icn.IntegrationTests.Operations;

/// <summary>The shipped Prometheus configuration and alert rules, checked and unit-tested by the real promtool.</summary>
public sealed partial class AlertRuleTests
{
    private static readonly string s_deploy = Repository.PathOf("deploy", "prometheus");
    private static readonly string s_rules = File.ReadAllText(Path.Combine(s_deploy, "rules", "icn-alerts.yml"));
    private static readonly string s_ruleTests = File.ReadAllText(Path.Combine(s_deploy, "tests", "icn-alerts.test.yml"));
    private static readonly string s_sloRules = File.ReadAllText(Path.Combine(s_deploy, Icn.Node.Metrics.NodeSlos.RulesFile));

    private static IReadOnlyList<string> Alerts => [.. AlertName().Matches(s_rules).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Promtool_finds_the_rules_and_the_configuration_valid()
    {
        var (rules, rulesOutput) = await Promtool("check", "rules", "rules/icn-alerts.yml");
        var (slos, slosOutput) = await Promtool("check", "rules", Icn.Node.Metrics.NodeSlos.RulesFile);
        var (config, configOutput) = await Promtool("check", "config", "prometheus.yml");
        var (devnet, devnetOutput) = await Promtool("check", "config", "devnet.yml");
        var (federation, federationOutput) = await Promtool("check", "config", "federation.yml");
        var (remoteWrite, remoteWriteOutput) = await Promtool("check", "config", "remote-write.yml");
        Assert.True(federation == 0, federationOutput);
        Assert.True(remoteWrite == 0, remoteWriteOutput);

        Assert.True(rules == 0, rulesOutput);
        Assert.Contains($"SUCCESS: {Alerts.Count} rules found", rulesOutput, StringComparison.Ordinal);
        Assert.True(slos == 0, slosOutput);
        // Per SLO: five recorded windows and three burn-rate tiers.
        Assert.Contains($"SUCCESS: {Icn.Node.Metrics.NodeSlos.All.Count * 8} rules found", slosOutput, StringComparison.Ordinal);
        Assert.True(config == 0, configOutput);
        Assert.True(devnet == 0, devnetOutput);
    }

    [Fact]
    public async Task Promtool_unit_tests_pass_and_show_every_alert_firing_and_not_firing()
    {
        var (code, output) = await Promtool("test", "rules", "tests/icn-alerts.test.yml");

        Assert.True(code == 0, output);
        Assert.Equal(15, Alerts.Count);
        foreach (var alert in Alerts)
        {
            var cases = Regex.Matches(s_ruleTests, $@"alertname: {alert}\n(?<body>(?:(?!\s+- eval_time).*\n?)*)").Select(m => m.Groups["body"].Value).ToList();
            Assert.True(cases.Any(c => c.Contains("exp_alerts:", StringComparison.Ordinal)), $"{alert} is never shown firing");
            Assert.True(cases.Any(c => !c.Contains("exp_alerts:", StringComparison.Ordinal)), $"{alert} is never shown not firing");
        }
    }

    [Fact]
    public async Task Promtool_shows_every_slo_burn_rate_alert_firing_at_its_rate_and_not_on_health_or_a_blip()
    {
        var (code, output) = await Promtool("test", "rules", Icn.Node.Metrics.NodeSlos.TestsFile);

        Assert.True(code == 0, output);
        var tests = File.ReadAllText(Path.Combine(s_deploy, Icn.Node.Metrics.NodeSlos.TestsFile));
        foreach (var slo in Icn.Node.Metrics.NodeSlos.All)
        {
            Assert.Contains($"  - name: {slo.Name} burning, healthy and blipping\n", tests, StringComparison.Ordinal);
            foreach (var burn in new[] { "fast", "slow", "steady" })
            {
                Assert.Contains($"slo: {slo.Name}, burn: {burn}, job: icn, instance: \"a:9090\"", tests, StringComparison.Ordinal);
            }

            Assert.DoesNotContain($"slo: {slo.Name}, burn: fast, job: icn, instance: \"c:9090\"", tests, StringComparison.Ordinal); // the blip
        }
    }

    [Fact]
    public async Task Amtool_finds_the_alertmanager_configuration_and_its_templates_valid()
    {
        var start = new ProcessStartInfo("amtool", ["check-config", "alertmanager.yml"])
        {
            WorkingDirectory = Repository.PathOf("deploy", "alertmanager"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("amtool did not start (apt-get install prometheus-alertmanager)");
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
            + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("2 inhibit rules", output, StringComparison.Ordinal);
        Assert.Contains("1 templates", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_an_absolute_runbook_url_to_its_section()
    {
        var operations = File.ReadAllText(Repository.PathOf("docs", "operations.md"));
        var rules = AlertRule().Matches(s_rules).Concat(AlertRule().Matches(s_sloRules)).ToList();
        Assert.Equal(15 + (3 * Icn.Node.Metrics.NodeSlos.All.Count), rules.Count);
        foreach (var rule in rules)
        {
            var (alert, body) = (rule.Groups["name"].Value, rule.Groups["body"].Value);
            Assert.Matches(@"\n\s+severity: (page|ticket)\n", body);
            Assert.Contains("summary:", body, StringComparison.Ordinal);
            Assert.Contains("description:", body, StringComparison.Ordinal);
            Assert.Contains($"runbook_url: '{{{{ or $externalLabels.runbook_base \"{Icn.Node.Metrics.NodeSlos.DefaultRunbookBase}\" }}}}#{alert.ToLowerInvariant()}'",
                body, StringComparison.Ordinal);
            Assert.Contains($"\n### {alert}\n", operations, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule_expressions_name_only_catalogue_metrics()
    {
        var catalogue = Icn.Node.Metrics.NodeCatalogue.All.Select(m => m.Name).ToHashSet();
        var named = MetricName().Matches(s_rules + s_sloRules).Select(m => m.Value).Distinct().ToList();

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

    [GeneratedRegex(@"- alert: (?<name>\w+)\n(?<body>(?:(?!\s+- (alert|record):).*\n?)*)")]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"(?<![:\w])icn_[a-z_]+[a-z]")] // not the recorded instance:icn_slo_errors:...
    private static partial Regex MetricName();
}
