namespace Icn.Rpc;

/// <summary><c>node.status</c>: who the node is and how it is doing.</summary>
public sealed record NodeStatus(string? Did, string Version, double UptimeSeconds, bool Ready, IReadOnlyDictionary<string, string> Components, int Peers, int Topics);

/// <summary>A connected peer (<c>network.peers</c>).</summary>
public sealed record PeerView(string Did);

/// <summary>A topic as held by the node (<c>gossip.topics</c> and the topic calls).</summary>
public sealed record TopicView(string Name, string Access, IReadOnlyList<string> Participants, int MaxEntries, long RetentionSeconds,
    bool Subscribed, int Entries, int PeerSubscribers);

/// <summary>An entry (<c>gossip.publish</c>, <c>gossip.entries</c>); the payload as base64, and as text when it is UTF-8.</summary>
public sealed record EntryView(string Id, string Topic, string Author, long TimestampMs, string PayloadBase64, string? PayloadText);

/// <summary><c>gossip.create_topic</c>. Access is "public" (default) or "participants".</summary>
public sealed record CreateTopicParams(string Topic, string? Access = null, IReadOnlyList<string>? Participants = null,
    int? MaxEntries = null, long? RetentionSeconds = null);

/// <summary><c>gossip.subscribe</c>, <c>gossip.unsubscribe</c>.</summary>
public sealed record TopicParams(string Topic);

/// <summary><c>gossip.publish</c>: exactly one of <see cref="Payload"/> (UTF-8 text) and <see cref="PayloadBase64"/>.</summary>
public sealed record PublishParams(string Topic, string? Payload = null, string? PayloadBase64 = null);

/// <summary><c>gossip.entries</c>: the newest entries, newest first.</summary>
public sealed record EntriesParams(string Topic, int? Limit = null);
