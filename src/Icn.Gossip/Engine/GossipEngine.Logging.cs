using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Refused entry {Id} from {Peer}: {Reason}")]
    private partial void LogRejected(Did peer, EntryId id, RejectReason reason);
}
