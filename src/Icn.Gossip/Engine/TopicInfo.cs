using Icn.Gossip.Topics;

namespace Icn.Gossip.Engine;

/// <summary>A topic as listed: its definition, whether this node subscribes, entries held and peers subscribed here.</summary>
public sealed record TopicInfo(TopicDefinition Definition, bool Subscribed, int Entries, int PeerSubscribers);
