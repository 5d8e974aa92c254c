using Icn.Core.Identity;
using Icn.Network.Sessions;
using Icn.Network.Transport;
using Icn.Observability.Catalogue;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages;
using Icn.Trust;
using Microsoft.Extensions.Logging;

namespace Icn.Network;

public sealed partial class PeerNetwork
{
    /// <summary>
    /// Makes a verified connection the peer's session. When both sides dial at once, each ends up
    /// with two connections; both keep the one dialled by the smaller DID, so they agree without talking.
    /// </summary>
    private async Task AdoptAsync(AuthenticatedConnection connection)
    {
        if (connection.Peer == _self)
        {
            await connection.DisposeAsync();
            return;
        }

        var session = new PeerSession(connection, _trust.ClassOf(connection.Peer), _options, _metrics, _sendBudget, _time, _log);
        PeerSession? loser;
        PeerSession? evicted = null;
        SessionRefusal? refused = null;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                loser = session;
            }
            else if ((refused = Admission(session, out evicted)) is not null)
            {
                loser = session;
            }
            else if (_sessions.TryGetValue(connection.Peer, out var existing) && !Replaces(session, existing))
            {
                loser = session;
            }
            else
            {
                loser = existing;
                _sessions[connection.Peer] = session;
                _metrics.ConnectionsTotal.Increment();
                RefreshSessionGauges();
            }
        }

        if (refused is { } reason)
        {
            _metrics.Refused(reason);
            LogRefusedSession(_log, session.Peer.ToString(), session.RemoteAddress.ToString(), EnumLabels<SessionRefusal>.Of(reason));
            await session.CloseAsync(SessionClose.Normal($"refused: {EnumLabels<SessionRefusal>.Of(reason)}"));
            return;
        }

        if (evicted is not null)
        {
            await EndAsync(evicted, DisconnectReason.Evicted, "evicted: the inbound slots were full and a newcomer took this one");
        }

        if (loser is not null)
        {
            await loser.CloseAsync(SessionClose.Normal("a simultaneous connection to the same peer was kept instead"));
        }

        if (loser == session)
        {
            return;
        }

        // Listeners hear of the peer before its first message is read, so nothing it sends finds them unprepared.
        LogOpened(_log, session.Peer.ToString(), session.Direction);
        _handler?.PeerConnected(session.Peer);
        session.Start(DeliverAsync);
        _ = ForgetWhenClosedAsync(session);
    }

    /// <summary>
    /// Why a new session may not open, or null. A session replacing the same peer's takes no new slot. Outbound
    /// sessions have the whole budget. Inbound ones have the budget less the outbound reserve, a share per address,
    /// a minimum trust class, and Isolated peers all but the trusted share of the slots; when the slots they may
    /// take are full, a newcomer may take the slot of a peer of its class or a lower one (<see cref="InboundEviction"/>).
    /// Called under the gate.
    /// </summary>
    private SessionRefusal? Admission(PeerSession candidate, out PeerSession? evicted)
    {
        evicted = null;
        if (IsBanned(candidate.Peer))
        {
            return SessionRefusal.Banned;
        }

        if (_sessions.ContainsKey(candidate.Peer))
        {
            return null;
        }

        if (candidate.Direction == Direction.Outbound)
        {
            return _sessions.Count >= _maxSessions ? SessionRefusal.Limit : null;
        }

        if (candidate.Class < _options.MinInboundClass)
        {
            return SessionRefusal.Untrusted;
        }

        var inbound = _sessions.Values.Where(s => s.Direction == Direction.Inbound).ToList();
        var full = _sessions.Count >= _maxSessions || inbound.Count >= MaxInbound
            || (candidate.Class == TrustClass.Isolated && inbound.Count(s => s.Class == TrustClass.Isolated) >= MaxIsolatedInbound);
        var victim = full ? InboundEviction.Choose(inbound, candidate.Class) : null;
        if (full && victim is null)
        {
            return SessionRefusal.Limit;
        }

        if (inbound.Count(s => s != victim && s.RemoteAddress.Equals(candidate.RemoteAddress)) >= _options.MaxSessionsPerIp)
        {
            return SessionRefusal.PerIp;
        }

        if (victim is not null)
        {
            // Out of the table at once, so the budget holds; its close and its PeerDisconnected follow outside the gate.
            _sessions.Remove(victim.Peer);
            evicted = victim;
        }

        return null;
    }

    /// <summary>Ends a session the node no longer keeps (already out of the table), counted by reason.</summary>
    private async Task EndAsync(PeerSession session, DisconnectReason reason, string why)
    {
        _metrics.Disconnected(reason);
        LogEnded(_log, session.Peer.ToString(), session.RemoteAddress.ToString(), why);
        _handler?.PeerDisconnected(session.Peer);
        await session.CloseAsync(SessionClose.Normal(why));
    }

    /// <summary>
    /// Trust changed: every session takes its peer's class now (and that class's budget), and an inbound one whose
    /// peer fell below the minimum class is closed.
    /// </summary>
    private void OnTrustChanged()
    {
        var untrusted = new List<PeerSession>();
        lock (_gate)
        {
            foreach (var session in _sessions.Values)
            {
                session.Reclassify(_trust.ClassOf(session.Peer));
                if (session.Direction == Direction.Inbound && session.Class < _options.MinInboundClass)
                {
                    untrusted.Add(session);
                }
            }

            foreach (var session in untrusted)
            {
                _sessions.Remove(session.Peer);
            }

            RefreshSessionGauges();
        }

        foreach (var session in untrusted)
        {
            _ = EndAsync(session, DisconnectReason.Untrusted, $"untrusted: its class is below {_options.MinInboundClass.Name()}");
        }
    }

    /// <summary>Sessions open, in all and by class. Under the gate.</summary>
    private void RefreshSessionGauges()
    {
        _metrics.ConnectionsActive.Set(_sessions.Count);
        _metrics.SetPeersByClass(_sessions.Values.Select(s => s.Class));
    }

    /// <summary>Bans a peer until <see cref="NetworkOptions.BanTime"/> from now; the oldest ban goes first past <see cref="MaxBans"/>. Under the gate.</summary>
    private void Ban(Did peer)
    {
        var now = _time.GetTimestamp();
        _banned[peer] = now;
        _banOrder.Enqueue((peer, now));
        while (_banned.Count > MaxBans)
        {
            Forget(_banOrder.Dequeue());
        }

        _metrics.PeersBanned.Set(_banned.Count);
    }

    /// <summary>
    /// Whether a ban holds the peer. Bans are queued in the order they began, so those that ended are at the
    /// front and each is looked at once. Under the gate.
    /// </summary>
    private bool IsBanned(Did peer)
    {
        while (_banOrder.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Since) >= _options.BanTime)
        {
            Forget(_banOrder.Dequeue());
        }

        _metrics.PeersBanned.Set(_banned.Count);
        return _banned.ContainsKey(peer);
    }

    // A peer banned again has a newer entry in the queue: only the entry of its current ban lifts it.
    private void Forget((Did Peer, long Since) ban)
    {
        if (_banned.TryGetValue(ban.Peer, out var since) && since == ban.Since)
        {
            _banned.Remove(ban.Peer);
        }
    }

    private bool Replaces(PeerSession candidate, PeerSession existing)
    {
        var candidateDialer = Dialer(candidate);
        var existingDialer = Dialer(existing);
        // Same dialler: a reconnect while the old connection is not yet known dead; the new one wins.
        return candidateDialer == existingDialer
            || string.CompareOrdinal(candidateDialer.ToString(), existingDialer.ToString()) < 0;
    }

    private Did Dialer(PeerSession session) => session.Direction == Direction.Outbound ? _self : session.Peer;

    private async Task ForgetWhenClosedAsync(PeerSession session)
    {
        var closed = await session.Closed;
        bool removed;
        lock (_gate)
        {
            if (closed.Misbehaved)
            {
                Ban(session.Peer);
                LogBanned(_log, session.Peer, _options.BanTime, closed.Reason);
            }

            removed = _sessions.TryGetValue(session.Peer, out var current) && current == session && _sessions.Remove(session.Peer);
            _metrics.ConnectionsActive.Set(_sessions.Count);
        }

        if (removed)
        {
            _handler?.PeerDisconnected(session.Peer);
        }
    }

    private async ValueTask DeliverAsync(PeerSession session, Envelope envelope)
    {
        if (_handler is not { } handler)
        {
            return;
        }

        // A message sent within a trace continues it here (a malformed context is ignored).
        using var receive = NodeTracing.TryParse(envelope.TraceContext, out var sender) ? NodeTracing.StartReceive(sender, _self.ToString()) : null;
        receive?.SetTag("icn.message", envelope.Message.Type.ToString());
        await handler.ReceiveAsync(session.Peer, envelope);
    }

    private PeerSession? SessionOf(Did peer)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(peer);
        }
    }

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "banned {Peer} for {BanTime}: {Reason}")]
    private static partial void LogBanned(ILogger logger, Did peer, TimeSpan banTime, string reason);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Debug, Message = "ended the session with {Peer} from {Address}: {Why}")]
    private static partial void LogEnded(ILogger logger, string peer, string address, string why);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Debug, Message = "refused a session with {Peer} from {Address}: {Reason}")]
    private static partial void LogRefusedSession(ILogger logger, string peer, string address, string reason);
}
