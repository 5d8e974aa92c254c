using System.Diagnostics;
using System.Text;
using Icn.Node.Metrics;
using Icn.Node.Supervision;
using Icn.Observability.Exposition;
using Icn.Observability.Registry;

namespace Icn.Node.Tests;

/// <summary>
/// The process and runtime families, sampled from this test process and compared with what the kernel and runtime say.
/// Alone, after the parallel tests: they open and close descriptors and threads of the same process.
/// </summary>
[Collection(nameof(ProcessWide))]
public class ProcessSamplerTests
{
    private readonly MetricRegistry _registry = new(ProcessCatalogue.All);

    [Fact]
    public void Every_family_is_exposed_with_its_type_and_the_figures_match_the_kernel()
    {
        using var sampler = new ProcessSampler(_registry);
        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(_registry, ExpositionFormat.PrometheusText));

        Assert.All(ProcessCatalogue.All, d => Assert.Contains($"# TYPE {d.Name} {d.Kind.ToString().ToLowerInvariant()}\n", text, StringComparison.Ordinal));
        var rss = Value(text, "process_resident_memory_bytes");
        var kernelRss = long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) * 1024;
        Assert.InRange(rss, kernelRss * 0.75, kernelRss * 1.25);
        Assert.Equal(Network.Sessions.SessionBudget.DescriptorLimit(), Value(text, "process_max_fds"));
        using var self = Process.GetCurrentProcess();
        Assert.InRange(Value(text, "process_start_time_seconds"), new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeSeconds() - 1,
            new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeSeconds() + 1);
        Assert.True(Value(text, "process_threads") >= 2);
        Assert.True(Value(text, "dotnet_total_memory_bytes") > 0);
        Assert.True(Value(text, "dotnet_threadpool_threads") >= 1);
    }

    [Fact]
    public void Descriptors_cpu_collections_allocations_and_exceptions_follow_what_the_process_does()
    {
        using var sampler = new ProcessSampler(_registry);
        // Earlier tests' unreachable handles are closed first, or their finalizers would close descriptors mid-test.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        var before = Sampled();

        var files = Enumerable.Range(0, 50).Select(_ => File.OpenRead("/proc/self/status")).ToArray();
        var opened = Sampled()["process_open_fds"];
        // CPU time for the counter to see, as the kernel counts it: on a loaded machine 300 ms of wall time may be 50 of CPU.
        var kernelBefore = Cpu(self);
        var clock = Stopwatch.StartNew();
        var spin = 0L;
        while ((Cpu(self) - kernelBefore).TotalSeconds < 0.3 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            spin++;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        for (var i = 0; i < 3; i++)
        {
            try
            {
                throw new InvalidOperationException($"counted {i}");
            }
            catch (InvalidOperationException)
            {
            }
        }

        var after = Sampled();
        foreach (var file in files)
        {
            file.Dispose();
        }

        Assert.True(spin > 0);
        Assert.True(opened - before["process_open_fds"] >= 50, $"{before["process_open_fds"]} -> {opened} descriptors");
        Assert.InRange(after["process_cpu_seconds_total"] - before["process_cpu_seconds_total"], 0.29, (Cpu(self) - kernelBefore).TotalSeconds + 0.1);
        Assert.NotEqual(Math.Floor(after["process_cpu_seconds_total"]), after["process_cpu_seconds_total"]); // seconds, to the microsecond
        foreach (var generation in new[] { "0", "1", "2" })
        {
            var series = $"dotnet_gc_collections_total{{generation=\"{generation}\"}}";
            Assert.True(after[series] - before[series] >= 1, series);
        }

        Assert.True(after["dotnet_gc_allocated_bytes_total"] > before["dotnet_gc_allocated_bytes_total"]);
        Assert.True(after["dotnet_exceptions_total"] - before["dotnet_exceptions_total"] >= 3);
        Assert.True(after["dotnet_threadpool_completed_items_total"] >= before["dotnet_threadpool_completed_items_total"]);
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>One scrape's samples, by series, collected as /metrics collects them.</summary>
    private Dictionary<string, double> Sampled()
    {
        _registry.Collect();
        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(_registry, ExpositionFormat.PrometheusText));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double Value(string text, string name) =>
        double.Parse(text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Tests that read figures of the whole test process run alone.</summary>
[CollectionDefinition(nameof(ProcessWide), DisableParallelization = true)]
public sealed class ProcessWide;
