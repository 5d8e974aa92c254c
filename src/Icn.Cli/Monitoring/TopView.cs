using System.Globalization;
using Icn.Cli.Commands;
using Icn.Cli.Output;

namespace Icn.Cli.Monitoring;

/// <summary>
/// <c>icnctl top</c>: scrapes a node's /metrics every interval and shows rates since the previous
/// scrape, then, when the node's RPC answers, its busiest peers (<see cref="PeerPanel"/>). On a terminal each frame
/// replaces the last; otherwise frames follow one another.
/// </summary>
internal sealed class TopView(Uri metricsUrl, TimeSpan interval, int? count, PeerPanel? peers)
{
    private static readonly (string Label, string Counter)[] s_rates =
    [
        ("messages sent /s", "icn_network_messages_sent_total"),
        ("messages received /s", "icn_network_messages_received_total"),
        ("bytes sent /s", "icn_network_bytes_sent_total"),
        ("bytes received /s", "icn_network_bytes_received_total"),
        ("network errors /s", "icn_network_errors_total"),
        ("entries published /s", "icn_gossip_entries_published_total"),
        ("entries received /s", "icn_gossip_entries_received_total"),
        ("transactions /s", "icn_ledger_transactions_total"),
        ("records refused /s", "icn_ledger_records_rejected_total"),
        ("RPC requests /s", "icn_rpc_requests_total"),
    ];

    private static readonly (string Label, string Gauge)[] s_levels =
    [
        ("peers", "icn_network_connections_active"),
        ("topics", "icn_gossip_topics_total"),
        ("entries stored", "icn_gossip_entries_total"),
        ("currencies", "icn_ledger_currencies_total"),
        ("accounts", "icn_ledger_accounts_total"),
        ("quarantined", "icn_ledger_quarantine_records"),
    ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var live = !Console.IsOutputRedirected;
        MetricsSnapshot? previous = null;
        try
        {
            for (var frame = 0; count is null || frame < count; frame++)
            {
                if (frame > 0 || previous is null)
                {
                    var snapshot = await ScrapeAsync(http, cancellationToken);
                    if (snapshot is null)
                    {
                        return CliProgram.Refused;
                    }

                    Render(snapshot, previous, live);
                    if (peers is not null)
                    {
                        await peers.RenderAsync(Console.Out, cancellationToken);
                    }

                    previous = snapshot;
                }

                if (count is null || frame + 1 < count)
                {
                    await Task.Delay(interval, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return CliProgram.Ok;
    }

    private async Task<MetricsSnapshot?> ScrapeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync(metricsUrl, cancellationToken);
            return MetricsSnapshot.Parse(text, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"icnctl: is icnd running? no metrics at {metricsUrl} ({e.Message})");
            return null;
        }
    }

    private void Render(MetricsSnapshot now, MetricsSnapshot? before, bool live)
    {
        var output = Console.Out;
        if (live)
        {
            output.Write("\u001b[H\u001b[2J"); // home, clear screen
        }

        output.WriteLine($"icnctl top: {metricsUrl}  up {StatusCommands.Duration(TimeSpan.FromSeconds(now["icn_system_uptime_seconds"]))}  "
            + $"every {interval.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s{(live ? "  (Ctrl+C to quit)" : "")}");
        var rows = s_levels.Select(l => (IReadOnlyList<string>)[l.Label, Number(now[l.Gauge])])
            .Concat(s_rates.Select(r => (IReadOnlyList<string>)[r.Label, before is null ? "…" : Number(now.Rate(before, r.Counter))]));
        Table.Print(output, ["", ""], rows, header: false);
        output.WriteLine();
    }

    private static string Number(double value) =>
        value.ToString(value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);
}
