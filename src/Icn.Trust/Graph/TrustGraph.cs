using Icn.Core.Identity;
using Icn.Trust.Edges;

namespace Icn.Trust.Graph;

/// <summary>
/// This node's trust: its own (direct) edges and the attestations of the DIDs it trusts, scored from its own view.
/// <para>
/// The score of a DID T is 1 for the node itself, and otherwise the larger of its direct edge d(T) and
/// <see cref="TransitiveWeight"/> × the best d(A) × a(A→T) over attesters A that this node trusts directly.
/// Every term is a product or maximum of non-negative scores, so adding an edge or raising a score never lowers any
/// score; a direct edge of 1 gives 1 (Federated); transitive paths give at most <see cref="TransitiveWeight"/>
/// (Partner at best, never Federated), and only one hop away: a stranger's word about a stranger counts nothing.
/// Expired edges count nothing. Scoring one DID looks at its attesters only, so thousands of edges cost nothing.
/// </para>
/// Safe to use from several threads.
/// </summary>
public sealed class TrustGraph : ITrustPolicy
{
    /// <summary>What one hop of attestation can give at most.</summary>
    public const double TransitiveWeight = 0.5;

    private readonly Lock _gate = new();
    private readonly Dictionary<Did, Attestation> _direct = [];
    private readonly Dictionary<Did, Dictionary<Did, Attestation>> _attestedTo = []; // target -> attester -> attestation
    private readonly TimeProvider _time;

    public TrustGraph(Did self, TimeProvider time)
    {
        Self = self;
        _time = time;
    }

    public Did Self { get; }

    public event Action? Changed;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public TrustClass ClassOf(Did did) => TrustClasses.Of(ScoreOf(did));

    public double ScoreOf(Did did)
    {
        lock (_gate)
        {
            return Score(did, NowMs);
        }
    }

    /// <summary>The score with every path that gave it, best first.</summary>
    public TrustScore Explain(Did did)
    {
        lock (_gate)
        {
            var now = NowMs;
            var score = Score(did, now);
            return new TrustScore(did, score, TrustClasses.Of(score), did == Self ? [] : [.. Paths(did, now).OrderByDescending(p => p.Contribution)]);
        }
    }

    /// <summary>Whether this node has an edge (live or expired) to <paramref name="target"/>.</summary>
    public bool HasDirect(Did target)
    {
        lock (_gate)
        {
            return _direct.ContainsKey(target);
        }
    }

    /// <summary>How many attestations from <paramref name="attester"/> are held, and whether one is about <paramref name="target"/>.</summary>
    public (int Count, bool AboutTarget) AttestedBy(Did attester, Did target)
    {
        lock (_gate)
        {
            return (_attestedTo.Values.Count(a => a.ContainsKey(attester)), _attestedTo.GetValueOrDefault(target)?.ContainsKey(attester) == true);
        }
    }

    /// <summary>This node's edges, live or expired, by target.</summary>
    public IReadOnlyList<Attestation> Direct()
    {
        lock (_gate)
        {
            return [.. _direct.Values.OrderBy(a => a.Edge.Target.ToString(), StringComparer.Ordinal)];
        }
    }

    /// <summary>The attestations held from the DIDs this node trusts.</summary>
    public IReadOnlyList<Attestation> Attested()
    {
        lock (_gate)
        {
            return [.. _attestedTo.Values.SelectMany(a => a.Values)];
        }
    }

    public (int Direct, int Attested) Counts()
    {
        lock (_gate)
        {
            return (_direct.Count, _attestedTo.Values.Sum(a => a.Count));
        }
    }

    /// <summary>Sets this node's edge to its target (replacing any); the classes it moved.</summary>
    public IReadOnlyList<ClassChange> SetDirect(Attestation edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (edge.Edge.Source != Self)
        {
            throw new ArgumentException($"a direct edge starts at this node ({Self}), not at {edge.Edge.Source}", nameof(edge));
        }

        return Change(Affected(edge.Edge.Target), () => _direct[edge.Edge.Target] = edge);
    }

    /// <summary>Removes this node's edge to <paramref name="target"/> and what that DID attested; the classes it moved.</summary>
    public IReadOnlyList<ClassChange> RemoveDirect(Did target) => Change(Affected(target), () =>
    {
        _direct.Remove(target);
        foreach (var attested in _attestedTo.Values)
        {
            attested.Remove(target);
        }
    });

    /// <summary>
    /// Whether an attestation may be held: signed by its source, about another DID, from a DID this node trusts
    /// directly, and newer than what that DID attested before about the same target.
    /// </summary>
    public bool Admits(Attestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        var edge = attestation.Edge;
        lock (_gate)
        {
            return edge.Source != Self && edge.Target != Self && _direct.ContainsKey(edge.Source)
                && !(_attestedTo.GetValueOrDefault(edge.Target)?.GetValueOrDefault(edge.Source) is { } held && held.Edge.CreatedMs >= edge.CreatedMs)
                && attestation.HasValidSignature();
        }
    }

    /// <summary>Holds an attestation <see cref="Admits"/> accepted (a score of 0 withdraws); the classes it moved.</summary>
    public IReadOnlyList<ClassChange> Attest(Attestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        var edge = attestation.Edge;
        return Change([edge.Target], () =>
        {
            if (!_attestedTo.TryGetValue(edge.Target, out var attesters))
            {
                _attestedTo[edge.Target] = attesters = [];
            }

            attesters[edge.Source] = attestation;
        });
    }

    /// <summary>Removes the edges that expired by now; the classes that moved.</summary>
    public IReadOnlyList<ClassChange> RemoveExpired(out IReadOnlyList<Attestation> expired)
    {
        var now = NowMs;
        List<Attestation> gone;
        lock (_gate)
        {
            gone = [.. _direct.Values.Concat(_attestedTo.Values.SelectMany(a => a.Values)).Where(a => !a.Edge.IsLive(now))];
        }

        expired = gone;
        var targets = gone.SelectMany(a => a.Edge.Source == Self ? Affected(a.Edge.Target) : [a.Edge.Target]).Distinct().ToList();
        // Classes before are taken as they were just before the first of these edges lapsed, when all of them counted.
        return gone.Count == 0 ? [] : Change(targets, gone.Min(a => a.Edge.ExpiresMs!.Value) - 1, () =>
        {
            foreach (var edge in gone.Select(a => a.Edge))
            {
                if (edge.Source == Self)
                {
                    _direct.Remove(edge.Target);
                }
                else
                {
                    _attestedTo.GetValueOrDefault(edge.Target)?.Remove(edge.Source);
                }
            }
        });
    }

    /// <summary>The DIDs whose score an edge of this node to <paramref name="target"/> enters: it, and all it attested.</summary>
    private List<Did> Affected(Did target)
    {
        lock (_gate)
        {
            return [target, .. _attestedTo.Where(t => t.Value.ContainsKey(target)).Select(t => t.Key)];
        }
    }

    private List<ClassChange> Change(IReadOnlyList<Did> affected, Action change) => Change(affected, null, change);

    private List<ClassChange> Change(IReadOnlyList<Did> affected, long? beforeAt, Action change)
    {
        List<ClassChange> changes;
        lock (_gate)
        {
            var now = NowMs;
            var before = affected.Select(d => TrustClasses.Of(Score(d, beforeAt ?? now))).ToList();
            change();
            changes = [.. affected.Select((d, i) => new ClassChange(d, before[i], TrustClasses.Of(Score(d, now)))).Where(c => c.From != c.To)];
        }

        Changed?.Invoke();
        return changes;
    }

    private double Score(Did did, long now)
    {
        if (did == Self)
        {
            return 1;
        }

        var best = 0.0;
        foreach (var path in Paths(did, now))
        {
            best = Math.Max(best, path.Contribution);
        }

        return best;
    }

    /// <summary>Every live reason to trust <paramref name="did"/>: the direct edge, then each attester trusted directly. Under the gate.</summary>
    private IEnumerable<TrustPath> Paths(Did did, long now)
    {
        if (Live(_direct.GetValueOrDefault(did), now) is { } direct)
        {
            yield return new TrustPath(null, direct.Edge.Score, direct.Edge.Score);
        }

        foreach (var (attester, attestation) in _attestedTo.GetValueOrDefault(did) ?? [])
        {
            if (Live(attestation, now) is not null && Live(_direct.GetValueOrDefault(attester), now) is { } toAttester)
            {
                yield return new TrustPath(attester, attestation.Edge.Score, TransitiveWeight * toAttester.Edge.Score * attestation.Edge.Score);
            }
        }
    }

    private static Attestation? Live(Attestation? attestation, long now) => attestation is not null && attestation.Edge.IsLive(now) ? attestation : null;
}
