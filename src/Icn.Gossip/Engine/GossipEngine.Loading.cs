using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
using Icn.Identity.Keys;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

/// <summary>
/// Loading the store: every stored entry is verified (its row reads as an entry, its content hashes to its
/// id, its signature holds) before it is indexed, so an entry damaged on disk is never served to a peer.
/// A damaged entry is deleted and counted; the key leaves the index, so anti-entropy fetches a sound
/// copy from any peer that holds one.
/// </summary>
public sealed partial class GossipEngine
{
    /// <summary>Entries read and verified at once when loading: bounds the payloads held in memory.</summary>
    private const int LoadPage = 1024;

    private void LoadStore()
    {
        var unreadable = _store.RemoveUnreadable();
        if (unreadable > 0)
        {
            _metrics.DamagedEntries.Add(unreadable);
            LogUnreadableRows(unreadable);
        }

        foreach (var stored in _store.LoadTopics())
        {
            var state = AddTopicState(stored.Definition, stored.Subscribed);
            LoadTopic(state);
            _entryCount += state.Keys.Count;
            state.Series.Entries.Add(state.Keys.Count);
        }
    }

    private void LoadTopic(TopicState state)
    {
        var damaged = new List<(ContentHash Id, string Problem)>();
        EntryKey? after = null;
        while (_store.LoadEntries(state.Definition.Name, after, LoadPage) is { Count: > 0 } page)
        {
            var problems = new string?[page.Count];
            Parallel.For(0, page.Count, i => problems[i] = page[i].Problem ?? Damage(page[i].Entry!));
            for (var i = 0; i < page.Count; i++)
            {
                if (problems[i] is { } problem)
                {
                    damaged.Add((page[i].Key.Id, problem));
                }
                else
                {
                    state.Keys.Add(page[i].Key, page[i].Entry!.Author);
                }
            }

            after = page[^1].Key;
        }

        if (damaged.Count > 0)
        {
            _store.Remove([.. damaged.Select(d => d.Id)]);
            _metrics.DamagedEntries.Add(damaged.Count);
            LogDamagedEntries(damaged.Count, state.Definition.Name, damaged[0].Id, damaged[0].Problem);
        }
    }

    /// <summary>Why a stored entry can no longer be trusted, or null when it verifies.</summary>
    private static string? Damage(GossipEntry entry) =>
        entry.ComputeId() != entry.Id ? "its content no longer hashes to its id"
        : !HasValidSignature(entry) ? "its signature does not verify"
        : null;

    private static bool HasValidSignature(GossipEntry entry) =>
        entry.Signature.Length == GossipEntry.SignatureLength
        && IdentityKeyPair.Verify(entry.Author, GossipEntry.SigningBytes(entry.Id), entry.Signature);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error,
        Message = "gossip.db: {Count} damaged entries of topic {Topic} removed (the first, {Id}: {Problem}); peers supply sound copies through anti-entropy")]
    private partial void LogDamagedEntries(int count, string topic, ContentHash id, string problem);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "gossip.db: {Count} rows without a 32-byte id removed; they named no entry")]
    private partial void LogUnreadableRows(int count);
}
