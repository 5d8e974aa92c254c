namespace Icn.Observability.Instruments;

/// <summary>
/// One figure per peer (round trip, send rate, queued bytes) as a distribution over the peers, in a fixed number of
/// series whatever their number: the pair of histograms go-libp2p's resource manager uses. A peer's new value is
/// observed into <c>set="current"</c> and the value it replaces into <c>set="previous"</c>, so current minus previous,
/// bucket by bucket, counts every peer once, at its latest value (and a peer that left, not at all).
/// </summary>
public sealed class PeerDistribution(Histogram current, Histogram previous)
{
    /// <summary>A peer's figure changes from <paramref name="from"/> to <paramref name="to"/>; NaN for none (joining, leaving).</summary>
    public void Move(double from, double to)
    {
        previous.Record(from);
        current.Record(to);
    }
}

/// <summary>One peer's place in a <see cref="PeerDistribution"/>: the value it shows there now, taken out when it changes or goes.</summary>
public sealed class PeerFigure(PeerDistribution distribution)
{
    private readonly Lock _gate = new();
    private double _shown = double.NaN;
    private bool _gone;

    /// <summary>Shows <paramref name="value"/> instead of the previous value (nothing once <see cref="Remove"/> ran).</summary>
    public void Set(double value)
    {
        lock (_gate)
        {
            if (_gone)
            {
                return;
            }

            distribution.Move(_shown, value);
            _shown = value;
        }
    }

    /// <summary>Takes the peer out of the distribution, for good (its session closed).</summary>
    public void Remove()
    {
        lock (_gate)
        {
            if (!_gone)
            {
                distribution.Move(_shown, double.NaN);
                _gone = true;
            }
        }
    }
}
