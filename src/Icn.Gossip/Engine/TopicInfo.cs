using Icn.Gossip.Topics;

namespace Icn.Gossip.Engine;

/// <summary>
/// A topic as listed: its definition, whether this node subscribes, entries held, peers subscribed here, and the
/// active view (the subscribers new entries are pushed or announced to).
/// </summary>
public sealed record TopicInfo(TopicDefinition Definition, bool Subscribed, int Entries, int PeerSubscribers, IReadOnlyList<Core.Identity.Did> ActivePeers);
