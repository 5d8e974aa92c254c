using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;
using Icn.Trust;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>
    /// Creates a topic here and subscribes to it. Creating a topic that exists with the same
    /// definition is a no-op; with a different one it is refused.
    /// </summary>
    public TopicInfo CreateTopic(TopicDefinition definition)
    {
        lock (_gate)
        {
            if (_topics.TryGetValue(definition.Name, out var existing))
            {
                if (!SameDefinition(existing.Definition, definition))
                {
                    throw new GossipException($"topic '{definition.Name}' already exists here with different settings");
                }

                return Info(existing);
            }

            var state = AddTopicState(definition, subscribed: false);
            _store.SaveTopic(new StoredTopic(definition, false));
            SubscribeLocked(state);
            return Info(state);
        }
    }

    /// <summary>Subscribes to a topic this node holds: peers that hold it start sending its entries.</summary>
    public TopicInfo Subscribe(string topic)
    {
        lock (_gate)
        {
            var state = Require(topic);
            SubscribeLocked(state);
            return Info(state);
        }
    }

    /// <summary>Stops receiving a topic's new entries; those stored are kept.</summary>
    public TopicInfo Unsubscribe(string topic)
    {
        lock (_gate)
        {
            var state = Require(topic);
            if (state.Subscribed)
            {
                state.Subscribed = false;
                _store.SaveTopic(new StoredTopic(state.Definition, false));
                foreach (var peer in _peers)
                {
                    Send(peer, new Unsubscribe([topic]));
                }

                state.Sources.Clear();
                RefreshGauges();
            }

            return Info(state);
        }
    }

    /// <summary>
    /// Registers what every payload on topics named <paramref name="prefix"/>... must be, checked after the entry's own
    /// signature: a payload it refuses is neither stored nor forwarded, and is counted as <c>reason="invalid"</c>.
    /// </summary>
    public void AddValidator(string prefix, Func<byte[], bool> isValid)
    {
        lock (_gate)
        {
            _validators.Add((prefix, isValid));
        }
    }

    /// <summary>
    /// Caps what each Isolated author may hold on topics named <paramref name="prefix"/>... (the ledger caps currencies
    /// a stranger may create); elsewhere <see cref="GossipOptions.IsolatedAuthorEntries"/>. The latest cap for a prefix wins.
    /// </summary>
    public void LimitIsolatedAuthors(string prefix, int entries)
    {
        lock (_gate)
        {
            _quotas[prefix] = entries;
        }
    }

    /// <summary>
    /// Takes this node's trust graph as the class of every DID (before the network opens): class-restricted topics and
    /// the Isolated authors' quota follow it. Until then every other DID is Isolated.
    /// </summary>
    public void UseTrust(ITrustPolicy trust)
    {
        lock (_gate)
        {
            _trust = trust;
        }
    }

    /// <summary>This node is of the highest class to itself, whatever the policy says.</summary>
    private TrustClass ClassOf(Did did) => did == Self ? TrustClass.Federated : _trust.ClassOf(did);

    // On the receive path, once per entry: a loop over the few caps set, nothing allocated.
    private int IsolatedQuota(string topic)
    {
        var (length, quota) = (-1, _options.IsolatedAuthorEntries);
        foreach (var (prefix, entries) in _quotas)
        {
            if (prefix.Length > length && topic.StartsWith(prefix, StringComparison.Ordinal))
            {
                (length, quota) = (prefix.Length, entries);
            }
        }

        return quota;
    }

    private bool PassesValidators(string topic, byte[] payload) =>
        _validators.All(v => !topic.StartsWith(v.Prefix, StringComparison.Ordinal) || v.IsValid(payload));

    public IReadOnlyList<TopicInfo> Topics()
    {
        lock (_gate)
        {
            return [.. _topics.Values.OrderBy(t => t.Definition.Name, StringComparer.Ordinal).Select(Info)];
        }
    }

    /// <summary>Topics this node subscribes to that <paramref name="peer"/> subscribes to as well: what the link carries.</summary>
    public int SharedTopics(Did peer)
    {
        lock (_gate)
        {
            return _topics.Values.Count(t => t.Subscribed && t.Subscribers.Contains(peer));
        }
    }

    /// <summary>The newest entries of a topic, newest first; only <paramref name="author"/>'s when given.</summary>
    public IReadOnlyList<GossipEntry> Entries(string topic, int limit, Did? author = null)
    {
        lock (_gate)
        {
            var keys = Require(topic).Keys;
            var newest = author is null ? keys.NewestFirst() : keys.NewestOf(author);
            return [.. newest.Select(key => _store.Find(key.Id)).OfType<GossipEntry>().Take(limit)];
        }
    }

    /// <summary>
    /// A page of a topic's entries in key order (timestamp, then id): up to <paramref name="limit"/> of those dated at
    /// or after <paramref name="fromMs"/> and after <paramref name="after"/> (the last key of the previous page).
    /// </summary>
    public IReadOnlyList<GossipEntry> EntriesFrom(string topic, long fromMs, EntryKey? after, int limit)
    {
        lock (_gate)
        {
            var index = Require(topic).Keys;
            var keys = index.Sorted();
            var page = new List<GossipEntry>();
            for (var i = index.IndexFrom(fromMs, after); i < keys.Length && page.Count < limit; i++)
            {
                if (_store.Find(keys[i].Id) is { } entry)
                {
                    page.Add(entry);
                }
            }

            return page;
        }
    }

    /// <summary>True when an entry with this id is stored here.</summary>
    public bool Holds(string topic, ContentHash id)
    {
        lock (_gate)
        {
            return _topics.TryGetValue(topic, out var state) && state.Keys.Contains(id);
        }
    }

    private void SubscribeLocked(TopicState state)
    {
        if (state.Subscribed)
        {
            return;
        }

        state.Subscribed = true;
        _store.SaveTopic(new StoredTopic(state.Definition, true));
        foreach (var peer in _peers)
        {
            Send(peer, new Subscribe([state.Definition.Name]));
        }

        RefreshGauges();
    }

    private TopicState Require(string topic) =>
        _topics.TryGetValue(topic, out var state) ? state
            : throw new GossipException($"topic '{topic}' does not exist here; create it first");

    private static TopicInfo Info(TopicState state) =>
        new(state.Definition, state.Subscribed, state.Keys.Count, state.Subscribers.Count, [.. state.View.Members]);

    private static bool SameDefinition(TopicDefinition a, TopicDefinition b) =>
        a.Access == b.Access && a.MaxEntries == b.MaxEntries && a.Retention == b.Retention
        && a.Participants.Select(p => p.ToString()).Order(StringComparer.Ordinal)
            .SequenceEqual(b.Participants.Select(p => p.ToString()).Order(StringComparer.Ordinal));
}
