using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Icn.TestKit;

/// <summary>A real Prometheus (Debian's package) on 127.0.0.1, scraping the given targets every second.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private PrometheusServer(Process process, TempDirectory dir, int port)
    {
        _process = process;
        _dir = dir;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    public static Task<PrometheusServer> StartAsync(string job, IEnumerable<string> targets) => StartAsync($"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: {job}
            static_configs:
              - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
        """, new Dictionary<string, string>());

    /// <summary>Runs Prometheus with this configuration, and these files (name, content) beside it, such as rule files.</summary>
    public static async Task<PrometheusServer> StartAsync(string configuration, IReadOnlyDictionary<string, string> files)
    {
        var dir = new TempDirectory();
        var port = FreePort.Next();
        var config = dir.File("prometheus.yml");
        await File.WriteAllTextAsync(config, configuration);
        foreach (var (name, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.File(name))!);
            await File.WriteAllTextAsync(dir.File(name), content);
        }
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={dir.File("data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start (apt-get install prometheus)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, dir, port);
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await server.Http.GetAsync("-/ready");
                return response.IsSuccessStatusCode ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, "prometheus to be ready");
        return server;
    }

    /// <summary>Where it answers, HOST:PORT.</summary>
    public string Address => Http.BaseAddress!.Authority;

    /// <summary>Runs an instant query; returns each result's labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}"));
        var data = document.RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(result => (
            result.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(result.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The scrape state of every active target: health and last error.</summary>
    public async Task<IReadOnlyList<(string Health, string LastError)>> TargetsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("api/v1/targets"));
        return [.. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        _dir.Dispose();
    }
}
