using System.Diagnostics;
using Icn.Network.Sessions;
using Icn.Node.Metrics;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Node.Supervision;

/// <summary>
/// Samples the process and the .NET runtime into the <see cref="ProcessCatalogue"/> families, as a collector of the
/// registry: every scrape sees figures of that moment. The runtime's totals (CPU time, collections, allocations) are
/// carried into counters by their growth since the previous sample. Reading /proc is Linux-only; elsewhere those
/// gauges stay 0.
/// </summary>
public sealed class ProcessSampler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Gauge _resident;
    private readonly Gauge _virtual;
    private readonly Gauge _openFds;
    private readonly Gauge _maxFds;
    private readonly Gauge _threads;
    private readonly Gauge _heap;
    private readonly Gauge _poolThreads;
    private readonly Gauge _poolQueue;
    private readonly Carried _cpu;
    private readonly Carried[] _collections;
    private readonly Carried _allocated;
    private readonly Carried _pause;
    private readonly Carried _completed;
    private readonly Carried _contentions;
    private readonly Counter _exceptions;

    public ProcessSampler(MetricRegistry registry)
    {
        _resident = registry.Gauge(ProcessCatalogue.ResidentMemory);
        _virtual = registry.Gauge(ProcessCatalogue.VirtualMemory);
        _openFds = registry.Gauge(ProcessCatalogue.OpenFds);
        _maxFds = registry.Gauge(ProcessCatalogue.MaxFds);
        _threads = registry.Gauge(ProcessCatalogue.Threads);
        _heap = registry.Gauge(ProcessCatalogue.ManagedMemory);
        _poolThreads = registry.Gauge(ProcessCatalogue.ThreadPoolThreads);
        _poolQueue = registry.Gauge(ProcessCatalogue.ThreadPoolQueue);
        _cpu = new(registry.Counter(ProcessCatalogue.CpuSeconds));
        _collections = [.. Enumerable.Range(0, 3).Select(g => new Carried(registry.Counter(ProcessCatalogue.GcCollections, g.ToString(System.Globalization.CultureInfo.InvariantCulture))))];
        _allocated = new(registry.Counter(ProcessCatalogue.GcAllocated));
        _pause = new(registry.Counter(ProcessCatalogue.GcPause));
        _completed = new(registry.Counter(ProcessCatalogue.ThreadPoolCompleted));
        _contentions = new(registry.Counter(ProcessCatalogue.LockContentions));
        _exceptions = registry.Counter(ProcessCatalogue.Exceptions);
        using var self = Process.GetCurrentProcess();
        registry.Gauge(ProcessCatalogue.StartTime).Set(new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        AppDomain.CurrentDomain.FirstChanceException += CountException;
        registry.AddCollector(Sample);
        Sample();
    }

    /// <summary>Takes one sample of every family (safe to call from concurrent scrapes).</summary>
    public void Sample()
    {
        lock (_gate)
        {
            using var self = Process.GetCurrentProcess();
            _cpu.To((long)(self.TotalProcessorTime.Ticks / 10));
            _resident.Set(self.WorkingSet64);
            _virtual.Set(self.VirtualMemorySize64);
            _threads.Set(self.Threads.Count);
            _openFds.Set(OpenDescriptors());
            _maxFds.Set(SessionBudget.DescriptorLimit());
            for (var generation = 0; generation < _collections.Length; generation++)
            {
                _collections[generation].To(GC.CollectionCount(generation));
            }

            _heap.Set(GC.GetTotalMemory(forceFullCollection: false));
            _allocated.To(GC.GetTotalAllocatedBytes());
            _pause.To((long)(GC.GetTotalPauseDuration().Ticks / 10));
            _poolThreads.Set(ThreadPool.ThreadCount);
            _poolQueue.Set(ThreadPool.PendingWorkItemCount);
            _completed.To(ThreadPool.CompletedWorkItemCount);
            _contentions.To(Monitor.LockContentionCount);
        }
    }

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= CountException;

    private void CountException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e) => _exceptions.Increment();

    private static int OpenDescriptors()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : 0;
        }
        catch (IOException)
        {
            return 0; // a descriptor closed while listing; the next scrape counts again
        }
    }

    /// <summary>A counter that follows a total kept elsewhere, by adding its growth.</summary>
    private sealed class Carried(Counter counter)
    {
        private long _last;

        public void To(long total)
        {
            counter.Add(total - _last);
            _last = Math.Max(_last, total);
        }
    }
}
