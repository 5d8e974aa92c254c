using System.Globalization;
using System.Text;
using System.Text.Json;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

internal sealed partial class LocalDevnet
{
    private static readonly TimeSpan s_prometheusTimeout = TimeSpan.FromSeconds(90);
    private const int PrometheusAttempts = 3;

    private string PrometheusFolder => Path.Combine(Folder, "prometheus");

    /// <summary>The argument that marks the devnet's Prometheus among the machine's processes.</summary>
    private string PrometheusMark => $"--config.file={Path.Combine(PrometheusFolder, "prometheus.yml")}";

    /// <summary>
    /// Runs the devnet's Prometheus and records it in the devnet's state; false when it is installed but does not
    /// come up. Without it installed, says so and carries on.
    /// </summary>
    private async Task<bool> AddMonitoringAsync(DevnetState state, IReadOnlyList<DevnetNode> nodes, DevnetMonitoring monitoring, CancellationToken cancellationToken)
    {
        if (Programs.Prometheus() is not { } binary)
        {
            output.WriteLine("prometheus is not installed (apt-get install prometheus): the devnet runs without it");
            return !monitoring.Alertmanager;
        }

        if (monitoring.Alertmanager)
        {
            if (await StartAlertmanagerAsync(monitoring.Webhook, cancellationToken) is not { } alertmanager)
            {
                return false;
            }

            state = state with { AlertmanagerPid = alertmanager.Pid, AlertmanagerPort = alertmanager.Port };
            state.Save(Folder);
        }

        if (await StartPrometheusAsync(binary, nodes, state.AlertmanagerPort, cancellationToken) is not { } started)
        {
            return false;
        }

        (state with { PrometheusPid = started.Pid, PrometheusPort = started.Port }).Save(Folder);
        return true;
    }

    /// <summary>
    /// Starts Prometheus scraping every node every 5 s with the shipped alert rules, and waits until it
    /// scrapes them all. Null (with the reason printed) when it does not come up.
    /// </summary>
    private async Task<(int Pid, int Port)?> StartPrometheusAsync(string prometheus, IReadOnlyList<DevnetNode> nodes, int? alertmanagerPort, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PrometheusFolder);
        foreach (var file in new[] { "icn-alerts.yml", "icn-slos.yml" })
        {
            using var rules = typeof(LocalDevnet).Assembly.GetManifestResourceStream(file)!;
            using var copy = File.Create(Path.Combine(PrometheusFolder, file));
            await rules.CopyToAsync(copy, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(PrometheusFolder, "prometheus.yml"), Config(alertmanagerPort), cancellationToken);
        var log = Path.Combine(PrometheusFolder, "prometheus.log");
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.Next();
            var pid = DetachedProcess.Start(prometheus,
                [PrometheusMark, $"--storage.tsdb.path={Path.Combine(PrometheusFolder, "data")}", $"--web.listen-address=127.0.0.1:{port}"],
                new Dictionary<string, string>(), log);
            switch (await AwaitScrapesAsync(pid, port, nodes.Count, cancellationToken))
            {
                case PrometheusStart.Scraping:
                    output.WriteLine($"Prometheus: http://127.0.0.1:{port}/ scrapes every node every 5 s with the shipped alert rules (see /alerts)");
                    return (pid, port);
                case PrometheusStart.Exited when attempt < PrometheusAttempts:
                    // Most often its port was taken between choosing and binding: another port, once more.
                    continue;
                default:
                    await Console.Error.WriteLineAsync($"icnctl: Prometheus did not scrape every node (attempt {attempt}); the end of {log}:");
                    foreach (var line in DetachedProcess.LogTail(log, 10))
                    {
                        await Console.Error.WriteLineAsync($"  {line}");
                    }

                    await DetachedProcess.StopAsync(pid, PrometheusMark, s_stopGrace);
                    return null;
            }
        }
    }

    private enum PrometheusStart
    {
        Scraping,
        Exited,
        TimedOut,
    }

    private async Task<PrometheusStart> AwaitScrapesAsync(int pid, int port, int count, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_prometheusTimeout;
        while (!await ScrapesAllAsync(http, count, cancellationToken))
        {
            if (!DetachedProcess.IsRunning(pid, PrometheusMark))
            {
                return PrometheusStart.Exited;
            }

            if (DateTime.UtcNow > deadline)
            {
                return PrometheusStart.TimedOut;
            }

            await Task.Delay(500, cancellationToken);
        }

        return PrometheusStart.Scraping;
    }

    /// <summary>As deploy/prometheus/devnet.yml, with the rules and targets beside it, and the devnet's Alertmanager if any.</summary>
    private static string Config(int? alertmanagerPort) => $"""
        # Written by icnctl devnet up --prometheus: the devnet's nodes (targets.json), scraped every 5 s.
        global:
          scrape_interval: 5s
          evaluation_interval: 5s
        rule_files:
          - icn-alerts.yml
          - icn-slos.yml
        scrape_configs:
          - job_name: icn
            file_sd_configs:
              - files:
                  - targets.json

        """ + (alertmanagerPort is { } port ? string.Create(CultureInfo.InvariantCulture, $"""
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:{port}"]

        """) : "");

    /// <summary>
    /// Writes the nodes' metrics addresses as Prometheus file service discovery targets (label
    /// <c>node</c>), for the devnet's own Prometheus and for deploy/prometheus/devnet.yml.
    /// </summary>
    private void WriteTargets(IReadOnlyList<DevnetNode> nodes)
    {
        Directory.CreateDirectory(PrometheusFolder);
        var targets = new StringBuilder("[\n");
        targets.AppendJoin(",\n", nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
            $"  {{ \"targets\": [\"127.0.0.1:{n.MetricsPort}\"], \"labels\": {{ \"node\": \"{n.Name}\" }} }}")));
        targets.Append("\n]\n");
        File.WriteAllText(Path.Combine(PrometheusFolder, "targets.json"), targets.ToString());
    }

    private static async Task<bool> ScrapesAllAsync(HttpClient http, int count, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync("api/v1/targets?state=active", cancellationToken));
            var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
            return targets.Count == count && targets.All(t => t.GetProperty("health").GetString() == "up");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }
}
