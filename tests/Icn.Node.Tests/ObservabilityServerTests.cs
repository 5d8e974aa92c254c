using System.Net;
using System.Net.Sockets;
using Icn.Node.Configuration;
using Icn.Node.Http;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Node.Tests;

public class ObservabilityServerTests
{
    private readonly MetricRegistry _registry = Icn.Node.Metrics.NodeCatalogue.CreateRegistry(new BuildInfo("0.0.0", "test"));
    private readonly NodeHealth _health = new();

    [Fact]
    public async Task The_status_page_is_one_self_contained_html_file_and_status_json_reports_the_node()
    {
        var port = FreePort.Next();
        await using var server = Server(port, NullLoggerFactory.Instance);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _health.Register("network");
        _registry.Gauge(Icn.Network.NetworkCatalogue.ConnectionsActive).Set(2); // a stale gauge: the page must not read it back

        using var page = await http.GetAsync("", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("status.json", TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        // Strict: the page's one script and one style by hash, never 'unsafe-inline'.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches(@"^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]{44}'; style-src 'sha256-[A-Za-z0-9+/=]{44}'; connect-src 'self';", policy);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        var script = html[(html.IndexOf("<script>", StringComparison.Ordinal) + 8)..html.IndexOf("</script>", StringComparison.Ordinal)];
        Assert.Contains($"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)))}'", policy, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"chart-messages\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.DoesNotMatch(@"\sstyle=""|\son[a-z]+=""", html); // inline styles and handlers would be refused
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("did").ValueKind);
        Assert.Equal(0, status.GetProperty("peers").GetArrayLength()); // the network's own list: none runs here
        Assert.Equal("starting", status.GetProperty("components").GetProperty("network").GetString());
        Assert.False(status.GetProperty("ready").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("ledger").ValueKind);
        var warnings = status.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("text").GetString()).ToList();
        Assert.Contains("not ready: still starting", warnings);
        Assert.Contains(warnings, w => w!.StartsWith("no identity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9090/", "http://127.0.0.1:9090/")]
    [InlineData("http://[::]:9090/", "http://[::1]:9090/")]
    [InlineData("http://127.0.0.1:5601/", "http://127.0.0.1:5601/")]
    [InlineData("http://192.0.2.7:9090/", "http://192.0.2.7:9090/")]
    public void A_port_bound_on_every_interface_is_reported_as_loopback_so_what_is_printed_can_be_dialled(string bound, string reported) =>
        Assert.Equal(reported, InnerWebServer.Dialable(new Uri(bound)).ToString());

    [Fact]
    public async Task Readyz_is_503_until_started_and_every_component_runs_then_200()
    {
        var port = FreePort.Next();
        await using var server = Server(port, NullLoggerFactory.Instance);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _health.Register("network");

        using (var before = await http.GetAsync("readyz", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            Assert.Equal("""{"ready":false,"started":false,"components":{"network":"starting"},"problems":{}}""", await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        _health.MarkHostStarted();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz", TestContext.Current.CancellationToken)).StatusCode);
        _health.Set("network", ComponentState.Running);

        _health.SetProblem("storage", "disk full");
        using (var full = await http.GetAsync("readyz", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Equal("""{"ready":false,"started":true,"components":{"network":"running"},"problems":{"storage":"disk full"}}""", await full.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        _health.SetProblem("storage", null);
        using var after = await http.GetAsync("readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("""{"ready":true,"started":true,"components":{"network":"running"},"problems":{}}""", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("nothing-here", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Taken_port_is_a_warning_not_a_failure()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var logs = new LogCapture();
        await using var server = Server(port, logs);

        await server.StartAsync(TestContext.Current.CancellationToken);

        Assert.Null(server.BoundAddress);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains($"127.0.0.1:{port}", warning.Text, StringComparison.Ordinal);
        Assert.Contains("keeps running", warning.Text, StringComparison.Ordinal);
    }

    private static ObservabilityOptions Options(int port) => new() { MetricsAddress = ListenAddress.Parse($"127.0.0.1:{port}") };

    private ObservabilityServer Server(int port, ILoggerFactory loggers)
    {
        var options = Options(port);
        var identity = new Startup.NodeIdentity(null);
        var node = new NodeOptions { DataDirectory = System.IO.Path.GetTempPath(), Observability = options };
        var storage = new Supervision.StorageGuard(node, _registry, _health, TimeProvider.System, NullLogger<Supervision.StorageGuard>.Instance);
        var gossip = new Components.GossipComponent(identity, node, _registry, _health, storage, TimeProvider.System, loggers, NullLogger<Components.GossipComponent>.Instance);
        var ledger = new Components.LedgerComponent(identity, node, gossip, _registry, _health, storage, TimeProvider.System, NullLogger<Components.LedgerComponent>.Instance);
        var trust = new Components.TrustComponent(identity, node, gossip, _registry, _health, storage, TimeProvider.System, NullLogger<Components.TrustComponent>.Instance);
        var network = new Components.NetworkComponent(identity, node, _registry, _health, TimeProvider.System, trust, gossip, ledger, loggers, NullLogger<Components.NetworkComponent>.Instance);
        var history = new Http.StatusPage.StatusHistory(_registry, TimeProvider.System);
        var report = new Http.StatusPage.StatusReport(identity, _health, new Supervision.GaugeRefresher(_registry, _health, TimeProvider.System, options),
            node, history, network, gossip, ledger);
        var page = new Http.StatusPage.StatusPage(report, history, network, trust);
        return new ObservabilityServer(options, _registry, _health, page, loggers);
    }
}
