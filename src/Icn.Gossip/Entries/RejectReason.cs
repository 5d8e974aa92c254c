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
}
