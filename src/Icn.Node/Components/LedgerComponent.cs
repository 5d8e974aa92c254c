using System.Diagnostics;
using System.Threading.Channels;
using Icn.Gossip.Engine;
using Icn.Gossip.Topics;
using Icn.Ledger;
using Icn.Ledger.Records;
using Icn.Ledger.Storage;
using Icn.Network;
using Icn.Node.Configuration;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages.Gossip;
using Icn.Rpc;
using Icn.Storage;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// Runs the mutual-credit ledger (<c>ledger.db</c>) and wires it to gossip, which neither knows: records
/// made here are published, currencies on <c>ledger:currencies</c> and everything else on
/// <c>ledger:&lt;symbol&gt;</c>; ledger entries stored by gossip are queued and handed to the ledger in
/// batches by one loop, so the two locks are never taken in opposite orders.
/// </summary>
internal sealed partial class LedgerComponent(
    NodeIdentity identity, NodeOptions options, IGossipHost gossip, MetricRegistry registry, NodeHealth health,
    StorageGuard storage, TimeProvider time, ILogger<LedgerComponent> log) : INetworkAttachment
{
    public const string Name = "ledger";
    public const string DatabaseFile = "ledger.db";
    public const string CurrenciesTopic = "ledger:currencies";
    public const string TopicPrefix = "ledger:";

    // Each entry with the span that stored it, so that the ledger's span continues the entry's trace.
    // Bounded: an entry that finds it full is not queued but read back from gossip.db later (HandOff.cs).
    private readonly Channel<(GossipEntry Entry, ActivityContext Cause)> _arrivals = Channel.CreateBounded<(GossipEntry, ActivityContext)>(
        new BoundedChannelOptions(options.Ledger.HandoffEntries) { SingleReader = false }); // one reader, but the catch-up counts what waits
    private readonly Counter _deferred = registry.Counter(LedgerCatalogue.HandoffDeferred);
    private long _deferredFrom = long.MaxValue;
    private SqliteLedgerStore? _store;
    private LedgerCatchUp _catchUp = LedgerCatchUp.NotNeeded();
    private GossipEngine? _engine;
    private Task? _loop;
    private Task? _expiry;
    private CancellationTokenSource? _stopping;
    private readonly Lock _repairing = new();

    /// <summary>The running ledger, once attached (null in system-only mode).</summary>
    public MutualCreditLedger? Ledger { get; private set; }

    /// <summary>The ledger in numbers, as the ledger counts them; null while the ledger is not running.</summary>
    public LedgerSummary? Summary() => Ledger?.Counts() is { } counts
        ? new LedgerSummary(counts.Currencies, counts.Accounts, counts.Transfers, counts.Quarantined, counts.Pending)
        : null;

    public static string TopicOf(LedgerRecord record) => record is CurrencyRecord ? CurrenciesTopic : TopicPrefix + record.Currency;

    public ValueTask AttachAsync(PeerNetwork network)
    {
        if (identity.Key is not null && gossip.Engine is { } engine)
        {
            health.Register(Name);
            registry.Gauge(LedgerCatalogue.HandoffLimit).Set(options.Ledger.HandoffEntries);
            _engine = engine;
            // Gossip stores and relays on ledger topics only what a ledger could take in, even while this one is down.
            engine.AddValidator(TopicPrefix, LedgerRecord.IsSound);
            // A journal must replicate whole, whoever wrote it; only the currencies a stranger creates are capped.
            engine.LimitIsolatedAuthors(TopicPrefix, int.MaxValue);
            engine.LimitIsolatedAuthors(CurrenciesTopic, options.Ledger.IsolatedCurrencies);
            Start(engine);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Opens the ledger and wires it to gossip; false (the node not ready, and why) when ledger.db cannot be opened.</summary>
    private bool Start(GossipEngine engine)
    {
        if (Open() is not { } ledger)
        {
            return false;
        }

        BeginCatchUp(engine);
        Join(engine, CurrenciesTopic);
        JoinCurrencies(ledger, engine);
        RecoverFromGossip(ledger, engine);
        Republish(ledger, engine);
        ledger.Created += record => Publish(engine, record);
        engine.EntryStored += OnEntryStored;
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => DeliverAsync(ledger, engine, _stopping.Token));
        _expiry = Task.Run(() => ExpireAsync(ledger, _stopping.Token));
        Ledger = ledger;
        ReportDamage(ledger);
        health.Set(Name, ComponentState.Running);
        return true;
    }

    /// <summary>
    /// Opens ledger.db and loads the journal. A file that cannot be opened or is damaged leaves the node
    /// running without a ledger and not ready, with one line saying why and what to do.
    /// </summary>
    private MutualCreditLedger? Open()
    {
        try
        {
            _store = new SqliteLedgerStore(Path.Combine(options.DataDirectory, DatabaseFile));
            return new MutualCreditLedger(_store, new LedgerMetrics(registry), time);
        }
        catch (StorageException e)
        {
            _store?.Dispose();
            _store = null;
            storage.Failed(e);
            var problem = $"{e.Message} in {options.DataDirectory}; {Remedy(e.Fault)}";
            LogCannotOpen(log, problem);
            health.SetProblem(Name, problem);
            health.Set(Name, ComponentState.Failed);
            return null;
        }
    }

    private static string Remedy(StorageFault fault) => fault switch
    {
        StorageFault.Damaged => "run 'icnctl ledger repair' to set the file aside and rebuild the ledger from gossip.db and peers",
        StorageFault.Full => "free space on the data directory's file system, then restart icnd",
        StorageFault.ReadOnly => "make the data directory and its files writable by the user running icnd, then restart it",
        _ => "check the file system, then restart icnd",
    };

    public async ValueTask DetachAsync(PeerNetwork network)
    {
        if (gossip.Engine is { } engine)
        {
            engine.EntryStored -= OnEntryStored;
            engine.TopicSynced -= OnTopicSynced;
        }

        _stopping?.Cancel();
        foreach (var loop in new[] { _loop, _expiry })
        {
            try
            {
                await (loop ?? Task.CompletedTask);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (Ledger is not null)
        {
            Ledger.Dispose(); // waits for payments being committed
            Ledger = null;
            health.Set(Name, ComponentState.Stopped);
        }

        _store?.Dispose();
        _store = null;
    }

    /// <summary>Holds the topic of every currency the ledger knows (a no-op for those held already).</summary>
    private void JoinCurrencies(MutualCreditLedger ledger, GossipEngine engine)
    {
        foreach (var symbol in ledger.State.Currencies.Keys)
        {
            Join(engine, TopicPrefix + symbol);
        }
    }

    private void Join(GossipEngine engine, string topic)
    {
        engine.CreateTopic(new TopicDefinition(topic, maxEntries: options.Ledger.TopicMaxEntries, retention: options.Ledger.TopicRetention));
        _catchUp.Expect(topic);
    }

    /// <summary>
    /// Every ledger entry gossip stores goes to the ledger, this node's own included: after a lost
    /// journal, its own records coming back from peers are how it learns which sequence numbers it spent.
    /// The ledger ignores those it holds already.
    /// </summary>
    private void OnEntryStored(GossipEntry entry)
    {
        if (entry.Topic.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            if (!_arrivals.Writer.TryWrite((entry, Activity.Current?.Context ?? default)))
            {
                Defer(entry);
            }
        }
    }

    private void Publish(GossipEngine engine, LedgerRecord record)
    {
        try
        {
            if (record is CurrencyRecord)
            {
                Join(engine, TopicPrefix + record.Currency);
            }

            engine.Publish(TopicOf(record), record.Encode(), record.TimestampMs);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only while gossip shuts down; the record is durable here but peers will not hear of it.
            LogPublishFailed(log, record.Id.ToString(), e);
        }
    }

    /// <summary>Hands queued entries to the ledger in batches; a new currency opens its topic here.</summary>
    private async Task DeliverAsync(MutualCreditLedger ledger, GossipEngine engine, CancellationToken cancellationToken)
    {
        var batch = new List<(GossipEntry Entry, ActivityContext Cause)>();
        while (await _arrivals.Reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            _catchUp.Delivering(true);
            while (batch.Count < BatchSize && _arrivals.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            // Entries gossip has stored are never dropped here: while the disk is full the batch waits,
            // and a failed commit is tried again once the node can write.
            while (!Deliver(ledger, engine, batch))
            {
                await Task.Delay(options.Storage.CheckInterval, time, cancellationToken);
            }

            _catchUp.Delivering(false);
            if (_arrivals.Reader.Count == 0)
            {
                await ReadBackAsync(ledger, engine, cancellationToken);
            }

            FinishCatchUp();
        }
    }

    private bool Deliver(MutualCreditLedger ledger, GossipEngine engine, List<(GossipEntry Entry, ActivityContext Cause)> batch)
    {
        if (storage.ReadOnlyReason is not null)
        {
            return false;
        }

        try
        {
            using var span = NodeTracing.StartFollowing(NodeTracing.Apply, identity.Did!.ToString(), batch.Select(b => b.Cause))?.SetTag("icn.records", batch.Count);
            var entries = batch.ConvertAll(b => b.Entry);
            Received(ledger, entries, ledger.Receive([.. entries.Select(e => e.Payload)]), fromPeers: true);
            JoinCurrencies(ledger, engine);
        }
        catch (StorageException e)
        {
            storage.Failed(e);
            LogDeliveryDeferred(log, batch.Count, e.Message);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFailed(log, batch.Count, e);
        }

        return true;
    }

    /// <summary>Forgets refused records past the quarantine's age or size, at start and every hour.</summary>
    private async Task ExpireAsync(MutualCreditLedger ledger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            if (ledger.ExpireRefused() is > 0 and var count)
            {
                LogExpired(log, count);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "forgot {Count} refused ledger records past the quarantine's age or size")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "could not hand {Count} gossip entries to the ledger")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning, Message = "{Count} ledger records wait for the store: {Reason}")]
    private static partial void LogDeliveryDeferred(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "could not publish ledger record {Id} on gossip")]
    private static partial void LogPublishFailed(ILogger logger, string id, Exception exception);
}
