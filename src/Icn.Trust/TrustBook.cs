using Icn.Core.Canonical;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Trust.Edges;
using Icn.Trust.Graph;
using Icn.Trust.Storage;
using Microsoft.Extensions.Logging;

namespace Icn.Trust;

/// <summary>
/// The node's book of trust: edges it makes, signed with its key and kept in its store, and the attestations of the
/// DIDs it trusts, all scored by one <see cref="TrustGraph"/>. Every row is verified when loaded; damaged ones are
/// removed, counted and logged. Every change is durable before the graph sees it.
/// </summary>
public sealed partial class TrustBook : IDisposable
{
    private readonly IdentityKeyPair _key;
    private readonly ITrustStore _store;
    private readonly TrustOptions _options;
    private readonly TrustMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _writing = new();

    public TrustBook(IdentityKeyPair key, ITrustStore store, TrustOptions options, TrustMetrics metrics, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_key, _store, _options, _metrics, _time, _log) = (key, store, options, metrics, time, log);
        Graph = new TrustGraph(key.Did, time);
        metrics.DirectLimit.Set(options.MaxEdges);
        Load();
    }

    public TrustGraph Graph { get; }

    public TrustOptions Options => _options;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Makes (or replaces) this node's edge to <paramref name="target"/>; the signed edge, to publish if wanted.</summary>
    public Attestation Add(Did target, double score, IReadOnlyList<string>? labels = null, string evidence = "", TimeSpan? expiresIn = null)
    {
        var now = NowMs;
        var edge = new TrustEdge(_key.Did, target, score, labels, evidence, now, expiresIn is { } lapse ? now + (long)lapse.TotalMilliseconds : null);
        var signed = Attestation.Sign(edge, _key);
        lock (_writing)
        {
            var (direct, _) = Graph.Counts();
            if (direct >= _options.MaxEdges && !Graph.HasDirect(target))
            {
                throw new ArgumentException($"this node holds {direct} edges, its limit (trust MaxEdges); remove one first");
            }

            _store.Put(edge.Source, target, signed.Encode());
            Counted(Graph.SetDirect(signed));
        }

        return signed;
    }

    /// <summary>Removes this node's edge to <paramref name="target"/>, and with it what that DID attested; false if there was none.</summary>
    public bool Remove(Did target)
    {
        lock (_writing)
        {
            if (!Graph.HasDirect(target))
            {
                return false;
            }

            _store.Remove(_key.Did, target);
            _store.RemoveFrom(target);
            Counted(Graph.RemoveDirect(target));
            return true;
        }
    }

    /// <summary>Takes an attestation from a peer; why not, or null when it is held now.</summary>
    public AttestationRefusal? Offer(byte[] bytes)
    {
        Attestation attestation;
        try
        {
            attestation = Attestation.Decode(bytes);
        }
        catch (DecodeException)
        {
            return Refused(AttestationRefusal.Invalid);
        }

        lock (_writing)
        {
            if (Refusal(attestation) is { } refusal)
            {
                return Refused(refusal);
            }

            _store.Put(attestation.Edge.Source, attestation.Edge.Target, bytes);
            Counted(Graph.Attest(attestation));
            return null;
        }
    }

    /// <summary>Drops the edges that have expired from the graph and the store; the classes that moved.</summary>
    public IReadOnlyList<ClassChange> RemoveExpired()
    {
        lock (_writing)
        {
            var changes = Graph.RemoveExpired(out var expired);
            foreach (var edge in expired.Select(a => a.Edge))
            {
                _store.Remove(edge.Source, edge.Target);
            }

            Counted(changes);
            return changes;
        }
    }

    public void Dispose() => _store.Dispose();

    private AttestationRefusal? Refusal(Attestation attestation)
    {
        var edge = attestation.Edge;
        if (!Graph.HasDirect(edge.Source))
        {
            return AttestationRefusal.Untrusted;
        }

        if (!Graph.Admits(attestation))
        {
            return attestation.HasValidSignature() ? AttestationRefusal.Stale : AttestationRefusal.Invalid;
        }

        var (held, replacing) = Graph.AttestedBy(edge.Source, edge.Target);
        return held >= _options.MaxAttestationsPerAttester && !replacing ? AttestationRefusal.Full : null;
    }

    private AttestationRefusal Refused(AttestationRefusal reason)
    {
        _metrics.Refused[reason].Increment();
        return reason;
    }

    private void Load()
    {
        var damaged = new List<byte[]>();
        var sound = new List<Attestation>();
        foreach (var row in _store.Load())
        {
            try
            {
                var attestation = Attestation.Decode(row);
                if (attestation.HasValidSignature())
                {
                    sound.Add(attestation);
                }
                else
                {
                    damaged.Add(row);
                }
            }
            catch (DecodeException)
            {
                damaged.Add(row);
            }
        }

        foreach (var own in sound.Where(a => a.Edge.Source == _key.Did))
        {
            Graph.SetDirect(own);
        }

        foreach (var attested in sound.Where(a => a.Edge.Source != _key.Did && Graph.Admits(a)))
        {
            Graph.Attest(attested);
        }

        if (damaged.Count > 0)
        {
            _store.RemoveDamaged(damaged);
            _metrics.Storage.DamagedRecords.Add(damaged.Count);
            LogDamaged(_log, damaged.Count, _store.File);
        }

        Counted([]);
    }

    private void Counted(IReadOnlyList<ClassChange> changes)
    {
        var (direct, attested) = Graph.Counts();
        _metrics.DirectEdges.Set(direct);
        _metrics.AttestedEdges.Set(attested);
        _metrics.AttestedLimit.Set((double)direct * _options.MaxAttestationsPerAttester);
        _metrics.ClassChanges.Add(changes.Count);
        foreach (var change in changes)
        {
            LogClassChanged(_log, change.Did, change.From.Name(), change.To.Name());
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "{Count} trust edges in {File} failed verification and were removed")]
    private static partial void LogDamaged(ILogger logger, int count, string file);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "trust class of {Did}: {From} -> {To}")]
    private static partial void LogClassChanged(ILogger logger, Did did, string from, string to);
}
