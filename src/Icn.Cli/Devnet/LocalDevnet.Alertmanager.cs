using System.Globalization;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

/// <summary>What runs beside the nodes: Prometheus, and Alertmanager (which needs Prometheus), posting to a webhook when given one.</summary>
internal sealed record DevnetMonitoring(bool Prometheus, bool Alertmanager, Uri? Webhook)
{
    public static DevnetMonitoring None { get; } = new(false, false, null);
}

internal sealed partial class LocalDevnet
{
    private static readonly TimeSpan s_alertmanagerTimeout = TimeSpan.FromSeconds(30);

    private string AlertmanagerFolder => Path.Combine(Folder, "alertmanager");

    /// <summary>The argument that marks the devnet's Alertmanager among the machine's processes.</summary>
    private string AlertmanagerMark => $"--config.file={Path.Combine(AlertmanagerFolder, "alertmanager.yml")}";

    /// <summary>
    /// Starts Alertmanager on loopback (clustering off: it would listen on every interface) with the shipped routing,
    /// grouping and inhibition, faster timings for a devnet, and the webhook as every receiver. Null (the reason
    /// printed) when it is not installed or does not come up.
    /// </summary>
    private async Task<(int Pid, int Port)?> StartAlertmanagerAsync(Uri? webhook, CancellationToken cancellationToken)
    {
        if (Programs.Alertmanager() is not { } binary)
        {
            await Console.Error.WriteLineAsync("icnctl: Alertmanager is not installed (apt-get install prometheus-alertmanager)");
            return null;
        }

        Directory.CreateDirectory(AlertmanagerFolder);
        await File.WriteAllTextAsync(Path.Combine(AlertmanagerFolder, "alertmanager.yml"), AlertmanagerConfig(webhook), cancellationToken);
        var port = LoopbackPorts.Next();
        var log = Path.Combine(AlertmanagerFolder, "alertmanager.log");
        var pid = DetachedProcess.Start(binary,
            [AlertmanagerMark, $"--storage.path={Path.Combine(AlertmanagerFolder, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
            new Dictionary<string, string>(), log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_alertmanagerTimeout;
        while (DateTime.UtcNow < deadline && DetachedProcess.IsRunning(pid, AlertmanagerMark))
        {
            try
            {
                using var ready = await http.GetAsync("-/ready", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    output.WriteLine($"Alertmanager: http://127.0.0.1:{port}/ routes the alerts{(webhook is null ? "" : $" to {webhook}")}");
                    return (pid, port);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        await Console.Error.WriteLineAsync($"icnctl: Alertmanager did not come up; the end of {log}:");
        foreach (var line in DetachedProcess.LogTail(log, 10))
        {
            await Console.Error.WriteLineAsync($"  {line}");
        }

        await DetachedProcess.StopAsync(pid, AlertmanagerMark, s_stopGrace);
        return null;
    }

    /// <summary>deploy/alertmanager/alertmanager.yml's routing and inhibition, with a devnet's timings and receivers.</summary>
    private static string AlertmanagerConfig(Uri? webhook)
    {
        var receiver = webhook is null ? "" : string.Create(CultureInfo.InvariantCulture, $"""

                webhook_configs:
                  - url: "{webhook}"
                    send_resolved: true
            """);
        return $"""
            # Written by icnctl devnet up --alertmanager: the routing of deploy/alertmanager/alertmanager.yml, quicker.
            route:
              receiver: team
              group_by: [alertname, instance]
              group_wait: 5s
              group_interval: 10s
              repeat_interval: 1h
              routes:
                - matchers: [severity="page"]
                  receiver: on-call
            inhibit_rules:
              - source_matchers: [alertname="IcnNodeDown"]
                target_matchers: [alertname!="IcnNodeDown"]
                equal: [instance]
              - source_matchers: [severity="page", slo=~".+"]
                target_matchers: [severity="ticket", slo=~".+"]
                equal: [slo, instance]
            receivers:
              - name: on-call{receiver}
              - name: team{receiver}

            """;
    }
}
