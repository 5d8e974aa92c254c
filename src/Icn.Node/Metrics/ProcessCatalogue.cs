using Icn.Observability.Catalogue;

namespace Icn.Node.Metrics;

/// <summary>
/// The process and its .NET runtime, under the names every Prometheus client library gives (<c>process_*</c>) and
/// prometheus-net's <c>dotnet_*</c> style, so stock dashboards and alerts work on icnd. Sampled at each scrape
/// (<see cref="Supervision.ProcessSampler"/>).
/// </summary>
public static class ProcessCatalogue
{
    private const string Component = "process";

    /// <summary>Microseconds are counted and exposed as seconds.</summary>
    private const double Micro = 1e-6;

    public static MetricDefinition CpuSeconds { get; } = MetricDefinition.Counter(Component, "process_cpu_seconds_total",
        "Total user and system CPU time spent in seconds",
        "The process's CPU time over all its threads, in seconds (to the microsecond).", "seconds") with
    { CounterScale = Micro };

    public static MetricDefinition ResidentMemory { get; } = MetricDefinition.Gauge(Component, "process_resident_memory_bytes",
        "Resident memory size in bytes",
        "Pages of the process in RAM (RSS), as the kernel counts them.", "bytes");

    public static MetricDefinition VirtualMemory { get; } = MetricDefinition.Gauge(Component, "process_virtual_memory_bytes",
        "Virtual memory size in bytes",
        "Address space the process has mapped; much larger than what it uses, by the runtime's reservations.", "bytes");

    public static MetricDefinition OpenFds { get; } = MetricDefinition.Gauge(Component, "process_open_fds",
        "Number of open file descriptors",
        "Sockets, files and pipes open now; compare with process_max_fds (the peer network's session limit derives from it).");

    public static MetricDefinition MaxFds { get; } = MetricDefinition.Gauge(Component, "process_max_fds",
        "Maximum number of open file descriptors",
        "The soft descriptor limit the process runs with (icnd raises it towards the hard limit at start).");

    public static MetricDefinition StartTime { get; } = MetricDefinition.Gauge(Component, "process_start_time_seconds",
        "Start time of the process since unix epoch in seconds",
        "When the process started; a change means a restart.", "seconds");

    public static MetricDefinition Threads { get; } = MetricDefinition.Gauge(Component, "process_threads",
        "Number of OS threads in the process",
        "Threads of the process, the runtime's own included.");

    public static MetricDefinition GcCollections { get; } = MetricDefinition.Counter(Component, "dotnet_gc_collections_total",
        "Garbage collections since the process started, by generation",
        "A generation-2 collection also counts for 1 and 0, as the runtime counts them.",
        labels: [new LabelDefinition("generation", ["0", "1", "2"])]);

    public static MetricDefinition ManagedMemory { get; } = MetricDefinition.Gauge(Component, "dotnet_total_memory_bytes",
        "Bytes thought to be allocated on the managed heap",
        "The GC's estimate now (GC.GetTotalMemory), garbage not yet collected included; the rest of the RSS is code, stacks, SQLite and libsodium.", "bytes");

    public static MetricDefinition GcAllocated { get; } = MetricDefinition.Counter(Component, "dotnet_gc_allocated_bytes_total",
        "Bytes allocated on the managed heap",
        "Allocation rate is its rate(); the recording paths of metrics and the hot paths of gossip are meant to allocate little.", "bytes");

    public static MetricDefinition GcPause { get; } = MetricDefinition.Counter(Component, "dotnet_gc_pause_seconds_total",
        "Time the runtime was paused for garbage collection in seconds",
        "Total pause time since start; its rate() is the fraction of time the node stood still.", "seconds") with
    { CounterScale = Micro };

    public static MetricDefinition ThreadPoolThreads { get; } = MetricDefinition.Gauge(Component, "dotnet_threadpool_threads",
        "Thread-pool threads",
        "Worker threads of the .NET thread pool now; a climb under load is the pool injecting threads for blocked work.");

    public static MetricDefinition ThreadPoolQueue { get; } = MetricDefinition.Gauge(Component, "dotnet_threadpool_queue_length",
        "Work items waiting for a thread-pool thread",
        "Queued and not yet started; a lasting queue means the node is short of CPU or something blocks pool threads.");

    public static MetricDefinition ThreadPoolCompleted { get; } = MetricDefinition.Counter(Component, "dotnet_threadpool_completed_items_total",
        "Work items the thread pool has completed",
        "Every callback, continuation and timer tick the pool ran.");

    public static MetricDefinition LockContentions { get; } = MetricDefinition.Counter(Component, "dotnet_lock_contentions_total",
        "Times a thread waited for a lock held by another",
        "Monitor and System.Threading.Lock contention as the runtime counts it; the gossip engine runs under one lock.");

    public static MetricDefinition Exceptions { get; } = MetricDefinition.Counter(Component, "dotnet_exceptions_total",
        "Exceptions thrown",
        "First-chance exceptions, caught or not: a steady rate is normal (closed sockets), a climb is worth a look in the log.");

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        CpuSeconds, ResidentMemory, VirtualMemory, OpenFds, MaxFds, StartTime, Threads,
        GcCollections, ManagedMemory, GcAllocated, GcPause, ThreadPoolThreads, ThreadPoolQueue, ThreadPoolCompleted, LockContentions, Exceptions,
    ];
}
