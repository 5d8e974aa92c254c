using Icn.Core.Identity;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;
using Wire = Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>Hands a message to the link and counts it once it is queued: one per peer per message.</summary>
    private bool Send(Did peer, Message message)
    {
        if (!_link.Send(peer, message))
        {
            return false;
        }

        switch (message)
        {
            case Push:
                _metrics.PushesSent.Increment();
                break;
            case Announce:
                _metrics.AnnouncesSent.Increment();
                break;
            case Request:
                _metrics.RequestsSent.Increment();
                break;
            case Response:
                _metrics.ResponsesSent.Increment();
                break;
            case Prune:
                _metrics.PrunesSent.Increment();
                break;
            case Wire.Subscribe:
                _metrics.SubscribesSent.Increment();
                break;
            case Wire.Unsubscribe:
                _metrics.UnsubscribesSent.Increment();
                break;
            case SubscribeAck:
                _metrics.AcksSent.Increment();
                break;
            case Neighbor:
                _metrics.NeighborsSent.Increment();
                break;
            case Reconcile reconcile:
                _metrics.AntiEntropyBytesSent.Add(EncodedSize(reconcile));
                break;
        }

        return true;
    }

    /// <summary>The size of a message in its envelope, as it goes on the wire without framing.</summary>
    private int EncodedSize(Message message)
    {
        _sizer.Clear();
        new Envelope(message).Encode(_sizer);
        return _sizer.WrittenCount;
    }
}
