using Icn.Observability.Instruments;

namespace Icn.Network.Sessions;

/// <summary>
/// The bytes every session's send queue holds together, within one node-wide budget, so that many peers that
/// read slowly cannot together queue more than it (each is held to its own queue's bytes besides). Exported as
/// <c>icn_network_send_queue_bytes</c>, beside its ceiling <c>icn_network_limit{limit="send_budget_bytes"}</c>.
/// </summary>
internal sealed class SendBudget(long bytes, Gauge queued)
{
    private long _used;

    /// <summary>Bytes queued now, across sessions.</summary>
    public long Used => Volatile.Read(ref _used);

    /// <summary>Takes <paramref name="count"/> bytes, or nothing and false when they would pass the budget.</summary>
    public bool TryTake(int count)
    {
        if (Interlocked.Add(ref _used, count) > bytes)
        {
            Release(count);
            return false;
        }

        queued.Set(Volatile.Read(ref _used));
        return true;
    }

    public void Release(long count) => queued.Set(Interlocked.Add(ref _used, -count));
}
