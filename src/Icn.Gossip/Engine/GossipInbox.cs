using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

/// <summary>
/// Messages from peers waiting for the engine, handed to it in bursts by one reader: a burst's entries are
/// checked in parallel and committed in one transaction (<see cref="GossipEngine.Receive(IReadOnlyList{PeerMessage})"/>),
/// so a stream of pushes costs a commit per burst, not per entry. Bounded: when full, a session's reader waits
/// (and its peer's TCP window closes) rather than the queue growing.
/// </summary>
public sealed partial class GossipInbox : IAsyncDisposable
{
    /// <summary>Most messages handed to the engine at once.</summary>
    public const int MaxBurst = 512;

    private readonly Channel<PeerMessage> _channel;
    private readonly GossipEngine _engine;
    private readonly GossipMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Task _reader;

    public GossipInbox(GossipEngine engine, GossipMetrics metrics, int capacity, ILogger<GossipInbox> logger)
    {
        _engine = engine;
        _metrics = metrics;
        _logger = logger;
        _channel = Channel.CreateBounded<PeerMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        metrics.InboxLimit.Set(capacity);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Queues a message, waiting while the inbox is full; false once the inbox is closed.</summary>
    public async ValueTask<bool> WriteAsync(PeerMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            await _channel.Writer.WriteAsync(message, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Stops taking messages, hands the engine what is queued, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _reader;
    }

    private async Task ReadAsync()
    {
        var burst = new List<PeerMessage>(MaxBurst);
        while (await _channel.Reader.WaitToReadAsync())
        {
            while (burst.Count < MaxBurst && _channel.Reader.TryRead(out var message))
            {
                burst.Add(message);
            }

            _metrics.InboxMessages.Set(_channel.Reader.Count);
            try
            {
                _engine.Receive(burst);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogBurstFailed(e.GetType().Name, e.Message, burst.Count);
            }

            burst.Clear();
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "gossip could not handle a burst of {Count} messages ({Kind}: {Problem}); they are dropped, and anti-entropy fetches what they carried")]
    private partial void LogBurstFailed(string kind, string problem, int count);
}
