using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Icn.IntegrationTests.Operations;

/// <summary>
/// Alerting end to end, with real parts: a 3-node devnet, a real Prometheus with the shipped rules and a real
/// Alertmanager (Debian's packages) posting to a webhook receiver in this test. A node killed pages as IcnNodeDown,
/// that node's other alerts are inhibited, and its return resolves the page.
/// </summary>
public sealed class AlertingTests : InDevnet
{
    private readonly ConcurrentQueue<(string Status, string Alert, string Instance, string Severity, string RunbookUrl)> _received = new();

    [Fact]
    public async Task A_killed_node_pages_as_node_down_inhibits_its_other_alerts_and_resolves_when_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        using var receiver = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        receiver.Start();
        var receiving = ReceiveAsync(receiver);
        using var up = await ProgramRun.IcnctlAsync(["devnet", "up", "--nodes", "3", "--alertmanager", "--alert-webhook", $"http://127.0.0.1:{port}/alerts", "--dir", Folder],
            deadline: TimeSpan.FromMinutes(3));
        Assert.True(up.ExitCode == 0, up.Output);
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "devnet.json"), ct));
        var nodes = state.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        var alertmanager = $"http://127.0.0.1:{state.RootElement.GetProperty("alertmanager_port").GetInt32()}/";
        var (killed, healthy) = (Instance(nodes[1]), Instance(nodes[0]));

        System.Diagnostics.Process.GetProcessById(nodes[1].GetProperty("pid").GetInt32()).Kill();
        await Poll.UntilAsync(() => _received.Any(r => r is { Status: "firing", Alert: "IcnNodeDown" } && r.Instance == killed),
            "IcnNodeDown firing for the killed node at the receiver", TimeSpan.FromMinutes(4));

        // While it is down, another alert of that node is inhibited; the same alert of a healthy node is delivered.
        await PostAlertAsync(alertmanager, "IcnDevnetProbe", killed, ct);
        await PostAlertAsync(alertmanager, "IcnDevnetProbe", healthy, ct);
        await Poll.UntilAsync(() => _received.Any(r => r.Alert == "IcnDevnetProbe" && r.Instance == healthy), "the healthy node's probe delivered");
        using var probes = JsonDocument.Parse(await Http.GetStringAsync($"{alertmanager}api/v2/alerts?filter=alertname%3D%22IcnDevnetProbe%22", ct));
        var inhibited = probes.RootElement.EnumerateArray().Single(a => a.GetProperty("labels").GetProperty("instance").GetString() == killed);
        Assert.Equal("suppressed", inhibited.GetProperty("status").GetProperty("state").GetString());
        Assert.NotEmpty(inhibited.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray());
        Assert.DoesNotContain(_received, r => r.Alert == "IcnDevnetProbe" && r.Instance == killed);

        // Back on the same ports: up again, and the page resolves.
        var node = nodes[1];
        var data = node.GetProperty("data_directory").GetString()!;
        using var restarted = ProgramRun.Icnd(
            ["--data-dir", data, "--password-file", Path.Combine(data, "passphrase"), "--listen", $"127.0.0.1:{node.GetProperty("p2p_port").GetInt32()}",
             "--metrics-addr", killed, "--rpc-addr", $"127.0.0.1:{node.GetProperty("rpc_port").GetInt32()}"],
            new Dictionary<string, string> { ["ICN_MDNS"] = "false" });
        await Poll.UntilAsync(() => _received.Any(r => r is { Status: "resolved", Alert: "IcnNodeDown" } && r.Instance == killed),
            "IcnNodeDown resolved at the receiver", TimeSpan.FromMinutes(2));

        var log = string.Join("\n", _received.Select(r => $"{r.Status} {r.Alert} {r.Instance} severity={r.Severity} {r.RunbookUrl}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"the receiver got:\n{log}");
        // Only what the test caused: the page for the killed node (and the healthy node's probe); nothing else fired.
        Assert.All(_received, r => Assert.True(r.Alert == "IcnDevnetProbe" || (r.Alert == "IcnNodeDown" && r.Instance == killed), log));
        var page = _received.First(r => r.Alert == "IcnNodeDown");
        Assert.Equal("page", page.Severity);
        Assert.Equal("https://icn.example.coop/docs/operations.md#icnnodedown", page.RunbookUrl);
        restarted.Signal(15);
        await restarted.WaitForExitAsync(TimeSpan.FromSeconds(30));
        receiver.Stop();
        await receiving;
    }

    private static string Instance(JsonElement node) => $"127.0.0.1:{node.GetProperty("metrics_port").GetInt32()}";

    private async Task PostAlertAsync(string alertmanager, string name, string instance, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new[]
        {
            new { labels = new Dictionary<string, string> { ["alertname"] = name, ["instance"] = instance, ["job"] = "icn", ["severity"] = "ticket" } },
        });
        using var response = await Http.PostAsync($"{alertmanager}api/v2/alerts", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Records every alert of every notification Alertmanager posts, until the listener stops.</summary>
    private async Task ReceiveAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var notification = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                foreach (var alert in notification.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    var labels = alert.GetProperty("labels");
                    string Label(string name) => labels.TryGetProperty(name, out var value) ? value.GetString()! : "";
                    var runbook = alert.GetProperty("annotations").TryGetProperty("runbook_url", out var url) ? url.GetString()! : "";
                    _received.Enqueue((alert.GetProperty("status").GetString()!, Label("alertname"), Label("instance"), Label("severity"), runbook));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
