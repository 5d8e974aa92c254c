using System.Diagnostics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

/// <summary>An entry signed by a publisher and waiting for its group's commit, with the publisher's span.</summary>
internal sealed class PendingPublish(GossipEntry entry, Activity? span)
{
    public GossipEntry Entry { get; } = entry;

    public Activity? Span { get; } = span;

    public TaskCompletionSource<GossipEntry> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Concurrent publishes waiting to be committed together: publishers sign on their own threads and queue; one
/// committer at a time takes everything queued and commits it in one transaction (group commit), so a hundred
/// concurrent publishers cost a few commits instead of a hundred.
/// </summary>
internal sealed class PublishQueue
{
    private readonly Lock _gate = new();
    private List<PendingPublish> _waiting = [];
    private bool _committing;

    /// <summary>Queues an entry; true when the caller must start a committer (none is running).</summary>
    public bool Enqueue(PendingPublish pending)
    {
        lock (_gate)
        {
            _waiting.Add(pending);
            var start = !_committing;
            _committing = true;
            return start;
        }
    }

    /// <summary>Everything queued so far, or null (and the committer stops) when nothing is.</summary>
    public List<PendingPublish>? Take()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _committing = false;
                return null;
            }

            var taken = _waiting;
            _waiting = [];
            return taken;
        }
    }
}
