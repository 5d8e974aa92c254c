using Icn.Node.Configuration;
using Icn.Observability.Health;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Supervision;

/// <summary>
/// Keeps the node out of a full disk. Free space on the data directory's file system is read every
/// <see cref="StorageOptions.CheckInterval"/>; below <see cref="StorageOptions.ReserveBytes"/>, or when a
/// store reports the disk full, the node goes read-only on purpose: writes are refused with a clear
/// error, entries from peers wait, reads and shutdown go on, /readyz says "storage". It returns to normal
/// by itself once free space is back above the reserve. Every store failure is counted here.
/// </summary>
public sealed partial class StorageGuard : BackgroundService
{
    public const string Area = "storage";

    private readonly NodeOptions _options;
    private readonly NodeHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageGuard> _log;
    private readonly Gauge _free;
    private readonly Gauge _readOnlyGauge;
    private readonly Dictionary<Store, StoreMetrics> _stores = [];
    private volatile string? _readOnly;
    private bool _reportedFull;

    public StorageGuard(NodeOptions options, MetricRegistry registry, NodeHealth health, TimeProvider time, ILogger<StorageGuard> log)
    {
        _options = options;
        _health = health;
        _time = time;
        _log = log;
        registry.Add(StorageCatalogue.All);
        _free = registry.Gauge(StorageCatalogue.FreeBytes);
        _readOnlyGauge = registry.Gauge(StorageCatalogue.ReadOnly);
        registry.Gauge(StorageCatalogue.ReserveBytes).Set(options.Storage.ReserveBytes);
        foreach (var store in Enum.GetValues<Store>())
        {
            _stores[store] = new StoreMetrics(registry, store);
        }

        Check();
    }

    /// <summary>Why writes are refused now ("disk full: ..."), or null when they are not.</summary>
    public string? ReadOnlyReason => _readOnly;

    /// <summary>Throws <see cref="StorageException"/> (fault full) while the node is read-only.</summary>
    public void RequireWritable()
    {
        if (_readOnly is { } reason)
        {
            throw new StorageException("", StorageFault.Full, reason);
        }
    }

    /// <summary>Counts a store's failure; a full disk turns the node read-only at once.</summary>
    public void Failed(StorageException failure)
    {
        if (Stores.OfFile(failure.File) is { } store)
        {
            _stores[store].Errors[failure.Fault].Increment();
        }

        if (failure.Fault == StorageFault.Full)
        {
            _reportedFull = true;
            Check();
        }
    }

    /// <summary>
    /// Counts a store that could not be opened and says, in one line, what happened and what the operator does:
    /// <paramref name="ifDamaged"/> for a damaged file, otherwise what every file-system fault needs.
    /// </summary>
    public string OpenFailed(StorageException failure, string ifDamaged)
    {
        Failed(failure);
        return $"{failure.Message} in {_options.DataDirectory}; " + (failure.Fault == StorageFault.Damaged
            ? ifDamaged
            : "make the data directory writable and its file system not full, then restart icnd");
    }

    /// <summary>Counts a write to <paramref name="file"/> refused because the node is read-only.</summary>
    public void Refused(string file)
    {
        if (Stores.OfFile(file) is { } store)
        {
            _stores[store].Errors[StorageFault.Full].Increment();
        }
    }

    /// <summary>Reads free space and enters or leaves read-only mode.</summary>
    public void Check()
    {
        long free;
        try
        {
            free = new DriveInfo(_options.DataDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return; // the directory is not there yet, or not readable: the stores will say so themselves
        }

        _free.Set(free);
        var reserve = _options.Storage.ReserveBytes;
        // A reported full disk holds until the reserve is free again, so the node does not flap at the edge.
        if (free < reserve || (_reportedFull && free < 2 * reserve))
        {
            Enter($"disk full: {Mebibytes(free)} free on the file system of {_options.DataDirectory}, below the reserve of {Mebibytes(reserve)} (storage.reserve_bytes); writes are refused until space is freed");
        }
        else
        {
            _reportedFull = false;
            Leave(free);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Storage.CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Enter(string reason)
    {
        var was = _readOnly;
        _readOnly = reason;
        _readOnlyGauge.Set(1);
        _health.SetProblem(Area, reason);
        if (was is null)
        {
            LogReadOnly(_log, reason);
        }
    }

    private void Leave(long free)
    {
        if (_readOnly is null)
        {
            return;
        }

        _readOnly = null;
        _readOnlyGauge.Set(0);
        _health.SetProblem(Area, null);
        LogWritable(_log, Mebibytes(free));
    }

    private static string Mebibytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "read-only: {Reason}")]
    private static partial void LogReadOnly(ILogger logger, string reason);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "writable again: {Free} free")]
    private static partial void LogWritable(ILogger logger, string free);
}
