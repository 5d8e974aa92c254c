using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace Icn.IntegrationTests.Node;

/// <summary>A real icnd process, scraped over HTTP, against the catalogue and the source document.</summary>
public class MetricsContractTests : InTempDirectory
{
    [Fact]
    public async Task Live_scrape_has_exactly_the_catalogue_families_with_their_types_and_help()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);

        var scrape = Scrape.Parse(await node.ScrapeAsync());

        Assert.Equal(Icn.Node.Metrics.NodeCatalogue.All.Select(d => d.Name).Order(), scrape.Families.Keys.Order());
        Assert.All(Icn.Node.Metrics.NodeCatalogue.All, d =>
        {
            var family = scrape.Families[d.Name];
            Assert.Equal(d.Kind.ToString().ToLowerInvariant(), family.Type);
            Assert.Equal(d.Help, family.Help);
        });
    }

    [Fact]
    public async Task Process_figures_of_a_live_node_are_what_the_kernel_says_of_its_process()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);
        var pid = node.Process.Id;

        var scrape = Scrape.Parse(await node.ScrapeAsync());

        var status = File.ReadAllLines($"/proc/{pid}/status");
        var rss = long.Parse(status.Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
        Assert.InRange(scrape["process_resident_memory_bytes"], rss * 0.75, rss * 1.25);
        Assert.InRange(scrape["process_open_fds"], Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length - 10, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length + 10);
        var maxFiles = File.ReadAllLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        Assert.Equal(double.Parse(maxFiles["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture),
            scrape["process_max_fds"]);
        using var process = Process.GetProcessById(pid);
        var started = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
        Assert.InRange(scrape["process_start_time_seconds"], started - 2, started + 2);
        Assert.InRange(scrape["process_cpu_seconds_total"], 0.01, process.TotalProcessorTime.TotalSeconds + 0.1);
        Assert.True(scrape["dotnet_total_memory_bytes"] > 0);
        Assert.True(scrape["dotnet_threadpool_completed_items_total"] > 0);
    }

    [Fact]
    public async Task First_scrape_without_identity_shows_uptime_and_zero_actors()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);

        var scrape = Scrape.Parse(await node.ScrapeAsync());

        Assert.True(scrape["icn_system_uptime_seconds"] >= 0);
        Assert.Equal(0, scrape["icn_system_actors_active"]);
        Assert.Equal(1, Assert.Single(scrape.Samples, s => s.Key.StartsWith("icn_build_info{version=", StringComparison.Ordinal)).Value);
        await node.Process.WaitForLogAsync("running system-only");
        await node.Process.WaitForLogAsync("icnctl id init");
    }

    [Fact]
    public async Task Promtool_finds_nothing_but_the_four_legacy_total_gauges()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);
        var exposition = await node.ScrapeAsync();

        var (exitCode, output) = await RunPromtoolAsync(exposition);

        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] legacy = ["icn_gossip_entries_total", "icn_gossip_topics_total", "icn_ledger_accounts_total", "icn_ledger_currencies_total"];
        Assert.Equal(legacy, complaints.Select(line => line.Split(' ')[0]).Order());
        Assert.All(complaints, line => Assert.Contains("non-counter metrics should not have \"_total\" suffix", line, StringComparison.Ordinal));
        Assert.Equal(3, exitCode); // promtool's "lint problems" code: warnings only
    }

    [Fact]
    public async Task OpenMetrics_is_served_when_asked_and_gzip_when_accepted()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var body = new GZipStream(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), CompressionMode.Decompress);
        var text = await new StreamReader(body).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE icn_network_connections counter\n", text, StringComparison.Ordinal);
        Assert.Contains("icn_network_connections_total 0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_scrape_is_prometheus_text_0_0_4()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);

        using var response = await node.Http.GetAsync("metrics", TestContext.Current.CancellationToken);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Readyz_reports_a_started_system_only_node()
    {
        await using var node = await RunningNode.StartAsync(Dir.Path);

        var body = await Poll.UntilAsync(async () =>
        {
            using var response = await node.Http.GetAsync("readyz");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, "readyz 200");

        Assert.Equal("""{"ready":true,"started":true,"components":{},"problems":{}}""", body);
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (apt-get install prometheus)");
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, await stdout + await stderr);
    }
}
