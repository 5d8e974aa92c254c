using System.Diagnostics;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

/// <summary>
/// The entries of one burst of received messages: their id and signature checks, made in parallel before the
/// messages are handled (each entry checked once), and the new entries, committed together in one transaction
/// once every message of the burst is handled.
/// </summary>
internal sealed class EntryBurst
{
    private readonly Dictionary<GossipEntry, (bool IdHolds, bool SignatureHolds)> _checks = new(ReferenceEqualityComparer.Instance);

    /// <summary>New entries, in the order they came, with their topic and the peer they came from.</summary>
    public List<(TopicState State, GossipEntry Entry, Did From)> Fresh { get; } = [];

    /// <summary>Ids in <see cref="Fresh"/>: a second copy within the burst is a duplicate.</summary>
    public HashSet<ContentHash> FreshIds { get; } = [];

    private readonly Dictionary<(TopicState, Did), int> _freshByAuthor = [];

    /// <summary>Takes a new entry into the burst, to be committed with the others.</summary>
    public void Add(TopicState state, GossipEntry entry, Did from)
    {
        Fresh.Add((state, entry, from));
        FreshIds.Add(entry.Id);
        _freshByAuthor[(state, entry.Author)] = FreshOf(state, entry.Author) + 1;
    }

    /// <summary>New entries of an author in a topic taken into this burst so far (not yet in the topic's index).</summary>
    public int FreshOf(TopicState state, Did author) => _freshByAuthor.GetValueOrDefault((state, author));

    /// <summary>Trace contexts of the messages that brought new entries: the store's span follows them.</summary>
    public List<ActivityContext> Causes { get; } = [];

    /// <summary>Checks the candidates' ids and signatures, spread over the cores when there are several.</summary>
    public void Check(List<GossipEntry> candidates, Func<GossipEntry, bool> signatureHolds)
    {
        var results = new (bool, bool)[candidates.Count];
        void CheckOne(int i)
        {
            var idHolds = candidates[i].ComputeId() == candidates[i].Id;
            results[i] = (idHolds, idHolds && signatureHolds(candidates[i]));
        }

        if (candidates.Count > 1)
        {
            Parallel.For(0, candidates.Count, CheckOne);
        }
        else if (candidates.Count == 1)
        {
            CheckOne(0);
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            _checks[candidates[i]] = results[i];
        }
    }

    /// <summary>Whether the entry's content hashes to its claimed id, from the checks made in advance, else computed now.</summary>
    public bool IdHolds(GossipEntry entry) => _checks.TryGetValue(entry, out var check) ? check.IdHolds : entry.ComputeId() == entry.Id;

    /// <summary>Whether the entry's signature verifies, from the checks made in advance, else verified now by <paramref name="verify"/>.</summary>
    public bool SignatureHolds(GossipEntry entry, Func<GossipEntry, bool> verify) =>
        _checks.TryGetValue(entry, out var check) ? check.SignatureHolds : verify(entry);
}
