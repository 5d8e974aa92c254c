using System.Threading.Channels;
using Icn.Core.Identity;
using Icn.Network.Transport;
using Icn.Protocol.Messages;
using Icn.Trust;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Sessions;

/// <summary>
/// One verified connection to one peer, used in both directions: a read loop that frames, decodes,
/// rate-limits and delivers; a write loop draining a bounded queue; a keep-alive loop that pings
/// when quiet and closes when the peer has been silent too long. Every hop is counted.
/// </summary>
public sealed partial class PeerSession : IAsyncDisposable
{
    private readonly AuthenticatedConnection _connection;
    private readonly NetworkOptions _options;
    private readonly NetworkMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<byte[]> _outbound;
    private readonly SendBudget _budget;
    private Budgeted _trust = null!;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<SessionClose> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _openedAt;
    private readonly DateTimeOffset _openedUtc;
    private readonly LinkStats _stats;
    private readonly PeriodicTimer _keepAliveTimer;
    private Func<PeerSession, Envelope, ValueTask> _deliver = (_, _) => ValueTask.CompletedTask;
    private Task _loops = Task.CompletedTask;
    private long _lastReceived;
    private long _lastSent;
    private long _lastWriteTicks;
    private long _writeStartedAt;
    private long _queuedBytes;
    private long _lastUsefulAt;
    private long _fullSince;
    private long _dropWindowStart;
    private int _dropsInWindow;
    private ulong _pingNonce;
    private long _pingSentAt;
    private long _lastPingAt;
    private long _roundTripTicks = -1;
    private long _clockOffsetMs;
    private bool _clockWarned;

    internal PeerSession(AuthenticatedConnection connection, TrustClass trustClass, NetworkOptions options, NetworkMetrics metrics, SendBudget budget, TimeProvider time, ILogger log)
    {
        _connection = connection;
        _options = options;
        _metrics = metrics;
        _budget = budget;
        _time = time;
        _log = log;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // never blocks: writers use TryWrite and count what does not fit
            SingleReader = true,
            // The idle write loop resumes on the sender's thread and writes at once, saving a thread-pool hop
            // per message (measured: docs/benchmarks.md).
            AllowSynchronousContinuations = true,
        });
        Reclassify(trustClass);
        _openedAt = _lastReceived = _lastSent = time.GetTimestamp();
        _openedUtc = time.GetUtcNow();
        _stats = new LinkStats(metrics);
        // Created here, not in the loop: ticks count from the session's birth, whenever the loop gets a thread.
        _keepAliveTimer = new PeriodicTimer(options.KeepAliveInterval / 4, time);
    }

    /// <summary>The verified peer.</summary>
    public Did Peer => _connection.Peer;

    /// <summary>The peer's IP address (IPv4 as IPv4 even over a dual-stack socket): what per-address limits count.</summary>
    public System.Net.IPAddress RemoteAddress => Transport.RemoteAddress.Of(_connection.Remote);

    /// <summary>The peer's address and port as this node sees them (IPv4 as IPv4).</summary>
    public string Address => _connection.Remote is System.Net.IPEndPoint ip ? new System.Net.IPEndPoint(RemoteAddress, ip.Port).ToString() : _connection.Remote.ToString() ?? "";

    /// <summary>Which side dialled.</summary>
    public Direction Direction => _connection.Direction;

    /// <summary>The last keep-alive round trip, or null before the first Pong.</summary>
    public TimeSpan? RoundTrip => Volatile.Read(ref _roundTripTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>How far the peer's wall clock is ahead of this node's (negative: behind), from the last Pong.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromMilliseconds(Volatile.Read(ref _clockOffsetMs));

    /// <summary>Completes with the reason once the session has fully closed.</summary>
    public Task<SessionClose> Closed => _closed.Task;

    /// <summary>Starts the loops; <paramref name="deliver"/> receives every decoded message that is not a keep-alive.</summary>
    internal void Start(Func<PeerSession, Envelope, ValueTask> deliver)
    {
        _deliver = deliver;
        _stats.Opened();
        _loops = Task.WhenAll(ReadLoopAsync(), WriteLoopAsync(), KeepAliveLoopAsync());
        SendPing(); // the first Pong measures the round trip and the clock offset at once

    }

    /// <summary>The peer's trust class, as the trust graph gave it last: what its budget and its slot follow.</summary>
    public TrustClass Class => Volatile.Read(ref _trust).Class;

    /// <summary>Gives the session its class's budget, afresh (a full bucket of the new size) when the class changed.</summary>
    internal void Reclassify(TrustClass trustClass)
    {
        if (Volatile.Read(ref _trust)?.Class == trustClass)
        {
            return;
        }

        var budget = _options.Budgets.Of(trustClass);
        Volatile.Write(ref _trust, new Budgeted(trustClass, budget, new TokenBucket(budget.MessagesPerSecond, budget.MessageBurst, _time),
            new TokenBucket(budget.BytesPerSecond, budget.ByteBurst, _time)));
    }

    /// <summary>A class with its budget and the buckets that spend it, swapped whole so the read loop never sees half of a change.</summary>
    private sealed record Budgeted(TrustClass Class, PeerBudget Budget, TokenBucket Messages, TokenBucket Bytes);

    /// <summary>The session as <c>network.peers</c> shows it, now.</summary>
    public PeerLinkState State() => new(Peer, Address, Direction, _openedUtc, Class, RoundTrip, _stats.SmoothedRoundTrip,
        ClockOffset, _stats.MessagesSent, _stats.MessagesReceived, _stats.BytesSent, _stats.BytesReceived, Volatile.Read(ref _queuedBytes), _stats.Drops);

    /// <summary>When the session opened (a <see cref="TimeProvider"/> timestamp).</summary>
    public long OpenedAt => _openedAt;

    /// <summary>When the peer last delivered something new to this node (0: never), as the layer above judged it.</summary>
    public long LastUsefulAt => Volatile.Read(ref _lastUsefulAt);

    /// <summary>Bytes queued for this peer and not yet written.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Notes that the peer just delivered something new: such peers are the last to be evicted.</summary>
    internal void MarkUseful() => Volatile.Write(ref _lastUsefulAt, _time.GetTimestamp());

    /// <summary>Closes the session because the peer misbehaved; the network then bans it.</summary>
    internal void CloseMisbehaving(SessionClose reason)
    {
        if (!_closed.Task.IsCompleted)
        {
            _metrics.Disconnected(DisconnectReason.Misbehaving);
        }

        Close(reason with { Misbehaved = true });
    }

    /// <summary>Closes the session (idempotent) and waits for its loops.</summary>
    public async Task CloseAsync(SessionClose reason)
    {
        Close(reason);
        await _loops;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(SessionClose.Normal("disposed"));
        _keepAliveTimer.Dispose();
        _closing.Dispose();
    }

    private void Close(SessionClose reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        if (reason.Error is { } error)
        {
            _metrics.Error(error);
            LogClosedWithError(_log, Peer.ToString(), Observability.Catalogue.EnumLabels<NetworkError>.Of(error), reason.Reason);
        }
        else
        {
            LogClosed(_log, Peer.ToString(), reason.Reason);
        }

        _metrics.ConnectionDuration.Record(_time.GetElapsedTime(_openedAt).TotalSeconds);
        _stats.Closed();
        _outbound.Writer.TryComplete();
        _closing.Cancel();
        // Disposing the stream unblocks a pending read or write at once.
        _ = _connection.DisposeAsync().AsTask();
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "session with {Peer} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "session with {Peer} closed on {Kind} error: {Reason}")]
    private static partial void LogClosedWithError(ILogger logger, string peer, string kind, string reason);
}
