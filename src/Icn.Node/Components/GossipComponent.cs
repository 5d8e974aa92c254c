using System.Diagnostics;
using Icn.Core.Identity;
using Icn.Gossip;
using Icn.Gossip.Engine;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Node.Configuration;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;
using Icn.Storage;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// Runs the gossip engine over the peer network, with its entries in <c>gossip.db</c> in the data
/// directory. Attached to the network before it opens, so no peer's first messages are missed; without
/// an identity there is no network and it registers nothing.
/// </summary>
internal sealed partial class GossipComponent(
    NodeIdentity identity, NodeOptions options, MetricRegistry registry, NodeHealth health, StorageGuard storage,
    TimeProvider time, ILoggerFactory loggers, ILogger<GossipComponent> log) : INetworkAttachment, IGossipHost, IGossipLink, IPeerHandler
{
    public const string Name = "gossip";
    public const string DatabaseFile = "gossip.db";

    private SqliteEntryStore? _store;
    private PeerNetwork? _network;
    private GossipInbox? _inbox;

    /// <summary>The running engine, once started (null in system-only mode or before start).</summary>
    public GossipEngine? Engine { get; private set; }

    public ValueTask AttachAsync(PeerNetwork network)
    {
        if (identity.Key is { } key)
        {
            Start(key, network);
        }

        return ValueTask.CompletedTask;
    }

    private void Start(IdentityKeyPair key, PeerNetwork network)
    {

        health.Register(Name);
        var topics = options.GossipTopics;
        var metricTopics = topics.Take(options.Gossip.MetricTopicsMax).ToArray();
        if (metricTopics.Length < topics.Count)
        {
            LogMetricTopicsCapped(log, topics.Count, metricTopics.Length);
        }

        var engineOptions = options.Gossip with { MetricTopics = metricTopics };
        try
        {
            _store = new SqliteEntryStore(Path.Combine(options.DataDirectory, DatabaseFile));
        }
        catch (StorageException e)
        {
            var problem = storage.OpenFailed(e, $"stop icnd, move {DatabaseFile} aside and start again: gossip refetches its entries from peers");
            LogCannotOpen(log, problem);
            health.SetProblem(Name, problem);
            health.Set(Name, ComponentState.Failed);
            return;
        }

        var metrics = new GossipMetrics(registry, metricTopics);
        var engine = new GossipEngine(key, this, _store, metrics, engineOptions, time, new Random(), loggers.CreateLogger<GossipEngine>());
        _inbox = new GossipInbox(engine, metrics, engineOptions.InboxMessages, loggers.CreateLogger<GossipInbox>());
        engine.StorageFailed += storage.Failed;
        foreach (var topic in topics)
        {
            engine.CreateTopic(new TopicDefinition(topic));
        }

        _network = network;
        network.Use(this);
        Engine = engine;
        health.Set(Name, ComponentState.Running);
    }

    public async ValueTask DetachAsync(PeerNetwork network)
    {
        _network = null;
        if (_inbox is { } inbox)
        {
            _inbox = null;
            await inbox.DisposeAsync();
        }

        if (Engine is { } engine)
        {
            Engine = null;
            engine.Dispose();
            health.Set(Name, ComponentState.Stopped);
        }

        _store?.Dispose();
        _store = null;
    }

    public bool Send(Did peer, Message message) => _network?.Send(peer, message) ?? false;

    public void Misbehaved(Did peer, string reason) => _network?.Penalize(peer, reason);

    public void Useful(Did peer) => _network?.MarkUseful(peer);

    public void PeerConnected(Did peer) => Engine?.PeerConnected(peer);

    public void PeerDisconnected(Did peer) => Engine?.PeerDisconnected(peer);

    public ValueTask ReceiveAsync(Did peer, Envelope envelope)
    {
        if (storage.ReadOnlyReason is not null && envelope.Message is Push or Response)
        {
            // Read-only for lack of space: entries wait on the peers, and anti-entropy brings them later.
            storage.Refused(DatabaseFile);
            return ValueTask.CompletedTask;
        }

        // Queued for the engine's next burst, with the receive span's context so the store's span continues the trace.
        return _inbox is { } inbox ? Discard(inbox.WriteAsync(new PeerMessage(peer, envelope.Message, Activity.Current?.Context ?? default))) : ValueTask.CompletedTask;

        static async ValueTask Discard(ValueTask<bool> written) => await written;
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Critical, Message = "gossip not running: {Problem}")]
    private static partial void LogCannotOpen(ILogger logger, string problem);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "gossip.topics names {Configured} topics; only the first {Kept} get per-topic series (gossip.metric_topics_max)")]
    private static partial void LogMetricTopicsCapped(ILogger logger, int configured, int kept);
}
