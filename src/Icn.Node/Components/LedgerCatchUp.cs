namespace Icn.Node.Components;

/// <summary>
/// After an unclean stop (a crash, a lost WAL, a new ledger.db) the node may lack records its peers
/// hold, its own among them, and a payment made now could reuse a sequence number the network already
/// holds for it. Until every ledger topic it holds has been reconciled with a peer, and what that brought
/// has reached the ledger, local writes wait. Thread-safe: gossip's events and the delivery loop meet here.
/// </summary>
internal sealed class LedgerCatchUp
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _delivering;

    private LedgerCatchUp()
    {
    }

    /// <summary>Completes once the node has caught up (at once when there was nothing to catch up on).</summary>
    public Task Done => _done.Task;

    /// <summary>A catch-up to wait for.</summary>
    public static LedgerCatchUp Needed() => new();

    /// <summary>Nothing to catch up on: a clean stop, or no peer to learn from.</summary>
    public static LedgerCatchUp NotNeeded()
    {
        var catchUp = new LedgerCatchUp();
        catchUp._done.SetResult();
        return catchUp;
    }

    /// <summary>A ledger topic held here that must be reconciled with a peer first (a no-op once caught up).</summary>
    public void Expect(string topic)
    {
        lock (_gate)
        {
            if (!_done.Task.IsCompleted && !_synced.Contains(topic))
            {
                _pending.Add(topic);
            }
        }
    }

    public void Synced(string topic)
    {
        lock (_gate)
        {
            _synced.Add(topic);
            _pending.Remove(topic);
        }
    }

    /// <summary>A batch is on its way into the ledger (<paramref name="on"/>), or has arrived.</summary>
    public void Delivering(bool on)
    {
        lock (_gate)
        {
            _delivering += on ? 1 : -1;
        }
    }

    /// <summary>Completes when no topic waits for a peer and nothing is queued or being delivered; true when this call did.</summary>
    public bool TryFinish(int queued)
    {
        lock (_gate)
        {
            return _pending.Count == 0 && queued == 0 && _delivering == 0 && _done.TrySetResult();
        }
    }

    /// <summary>Stops waiting (no peer answered in time); true when this call did.</summary>
    public bool GiveUp() => _done.TrySetResult();
}
