using System.Diagnostics;
using Icn.Observability.Instruments;
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
/// concurrent publishers cost a few commits instead of a hundred. Bounded: publishes beyond
/// <see cref="Limit"/> are refused as busy rather than queued without end behind a slow disk.
/// </summary>
internal sealed class PublishQueue(int limit, Gauge size)
{
    private readonly Lock _gate = new();
    private List<PendingPublish> _waiting = [];
    private bool _committing;

    public int Limit { get; } = limit;

    /// <summary>Queues an entry; true when the caller must start a committer (none is running).</summary>
    /// <exception cref="GossipException">Busy: <see cref="Limit"/> publishes already wait.</exception>
    public bool Enqueue(PendingPublish pending)
    {
        lock (_gate)
        {
            if (_waiting.Count >= Limit)
            {
                throw new GossipException($"busy: {Limit} publishes already wait to be committed; try again shortly", busy: true);
            }

            _waiting.Add(pending);
            size.Set(_waiting.Count);
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
            size.Set(0);
            return taken;
        }
    }
}
