namespace Icn.Gossip.Entries;

/// <summary>Why an entry is refused; the label values of <c>icn_gossip_entries_rejected_total</c>, in order.</summary>
public enum RejectReason
{
    BadSignature,
    BadId,
    Oversize,
    UnknownTopic,
    Forbidden,
    Timestamp,

    /// <summary>The topic's owner registered a validator (<c>GossipEngine.AddValidator</c>), and it refused the payload.</summary>
    Invalid,

    /// <summary>
    /// Sent in a Response to a request this node never made: entries come either pushed (one per message, within the
    /// sender's rate limit) or because they were asked for, never in unasked batches that would dodge that limit.
    /// </summary>
    Unsolicited,

    /// <summary>
    /// An Isolated author (a stranger to this node's trust graph) already holds its quota of the topic
    /// (<c>GossipOptions.IsolatedAuthorEntries</c>, or what the topic's owner set).
    /// </summary>
    Quota,
}
