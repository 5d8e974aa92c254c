using System.Buffers;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.Identity.Keys;
using Icn.Protocol.Messages.Gossip;
using Icn.Trust;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

/// <summary>
/// The gossip protocol of one node as a deterministic state machine: it is fed peer events, messages
/// and timer ticks (from an injected <see cref="TimeProvider"/> and a seeded <see cref="Random"/>), and
/// answers through an <see cref="IGossipLink"/>. The same engine runs over TLS sessions in icnd and over
/// an in-memory network in simulations. Every entry point takes one lock, so callers on several
/// threads see the engine one event at a time.
/// </summary>
public sealed partial class GossipEngine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IdentityKeyPair _identity;
    private readonly IGossipLink _link;
    private readonly IEntryStore _store;
    private readonly GossipMetrics _metrics;
    private readonly GossipOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly SortedSet<Did> _peers = new(PeerOrder.Instance);
    private readonly ArrayBufferWriter<byte> _sizer = new(1024);
    private readonly RefusedIds _refused;
    private readonly ITimer _antiEntropyTimer;
    private readonly AnnounceQueue _announces = new();
    private readonly PublishQueue _publishes;
    private readonly ITimer _announceTimer;
    private bool _announceTimerArmed;

    /// <summary>Ids requested by reconciliation, with when the request lapses; arrivals count as repaired.</summary>
    private readonly Dictionary<ContentHash, long> _repairing = [];

    /// <summary>
    /// Topics and peers to reconcile again as soon as every requested repair has arrived, to confirm that
    /// nothing is left (and learn it: see <see cref="TopicSynced"/>). At most one per topic and peer.
    /// </summary>
    private readonly Dictionary<(string Topic, Did Peer), TopicState> _confirming = [];
    private readonly MissingEntries _missing;
    private readonly ITimer _missingTimer;
    private long? _missingTimerDueMs;

    // Payload validators by topic-name prefix, registered by the topics' owners (the ledger for ledger:*).
    private readonly List<(string Prefix, Func<byte[], bool> IsValid)> _validators = [];
    private int _entryCount;
    private bool _disposed;

    public GossipEngine(IdentityKeyPair identity, IGossipLink link, IEntryStore store, GossipMetrics metrics, GossipOptions options,
        TimeProvider time, Random random, ILogger<GossipEngine> logger)
    {
        options.Validate();
        _identity = identity;
        _link = link;
        _store = store;
        _metrics = metrics;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
        _refused = new RefusedIds(options.RefusedMemory, options.RefusedMemoryTime);
        _missing = new MissingEntries(options.MissingEntries, metrics.MissingEntries);
        metrics.MissingEntriesLimit.Set(options.MissingEntries);
        _publishes = new PublishQueue(options.PublishQueue, metrics.PublishQueue);
        metrics.PublishQueueLimit.Set(options.PublishQueue);
        metrics.RefusedIdsLimit.Set(options.RefusedMemory);
        metrics.MisbehaviourLimit.Set(options.MisbehaviourLimit);
        metrics.ActiveViewLimit.Set(options.MaxFanout);

        metrics.ResetTopicEntries();
        LoadStore();

        RefreshGauges();
        _antiEntropyTimer = time.CreateTimer(_ => OnAntiEntropyTimer(), null, NextAntiEntropyDelay(), Timeout.InfiniteTimeSpan);
        _announceTimer = time.CreateTimer(_ => OnAnnounceTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _missingTimer = time.CreateTimer(_ => OnMissingTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Raised, under the engine's lock, for every entry newly stored: published here or received. The
    /// host wires it to consumers such as the ledger; a handler must not block.
    /// </summary>
    public event Action<GossipEntry>? EntryStored;

    /// <summary>
    /// Raised, under the engine's lock, when entries from a peer could not be stored (a full or failing
    /// disk): they are dropped, not indexed, and come back through anti-entropy later.
    /// </summary>
    public event Action<Icn.Storage.StorageException>? StorageFailed;

    /// <summary>
    /// Raised, under the engine's lock, when a reconciliation of a topic with a peer ends with nothing
    /// left to compare or fetch: this node then holds every entry of the topic the peer held. A host that
    /// lost data waits for it before acting on what it holds.
    /// </summary>
    public event Action<string, Did>? TopicSynced;

    /// <summary>This node's DID (the author of what it publishes).</summary>
    public Did Self => _identity.Did;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _antiEntropyTimer.Dispose();
            _announceTimer.Dispose();
            _missingTimer.Dispose();
            _missing.Clear();
        }
    }

    private readonly Dictionary<string, int> _quotas = new(StringComparer.Ordinal);
    private ITrustPolicy _trust = OpenTrustPolicy.Instance;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private TopicState AddTopicState(TopicDefinition definition, bool subscribed)
    {
        var state = new TopicState(definition, subscribed, _metrics.ForTopic(definition.Name), new ActiveView(_options.Fanout, _options.MaxFanout));
        if (_topics.TryGetValue(definition.Name, out var replaced))
        {
            replaced.Series.EntriesLimit.Add(-replaced.Definition.MaxEntries);
        }

        _topics[definition.Name] = state;
        state.Series.EntriesLimit.Add(definition.MaxEntries);
        return state;
    }

    private void RefreshRefused() => _metrics.RefusedIds.Set(_refused.Count);

    private void RefreshGauges()
    {
        _metrics.TopicsTotal.Set(_topics.Count);
        _metrics.EntriesTotal.Set(_entryCount);
        _metrics.LocalSubscriptions.Set(_topics.Values.Count(t => t.Subscribed));
        _metrics.PeerSubscriptions.Set(_topics.Values.Sum(t => t.Subscribers.Count));
    }
}
