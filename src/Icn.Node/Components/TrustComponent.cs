using System.Threading.Channels;
using Icn.Core.Identity;
using Icn.Gossip.Engine;
using Icn.Gossip.Topics;
using Icn.Network;
using Icn.Node.Configuration;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Protocol.Messages.Gossip;
using Icn.Storage;
using Icn.Trust;
using Icn.Trust.Edges;
using Icn.Trust.Storage;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// Runs the trust graph (<c>trust.db</c> in the data directory, the one <c>icnctl trust</c> changes through RPC): the
/// policy the network and gossip ask, opened before the network so that its first peer is classed. Attached to gossip
/// after it, it carries <c>trust:attestations</c>: a validator so that only sound attestations are stored or relayed,
/// the attestations of the DIDs this node trusts taken in, and this node's own published when trust.publish_attestations
/// is set. Expired edges are dropped every minute.
/// </summary>
internal sealed partial class TrustComponent(
    NodeIdentity identity, NodeOptions options, IGossipHost gossip, MetricRegistry registry, NodeHealth health,
    StorageGuard storage, TimeProvider time, ILogger<TrustComponent> log) : INetworkAttachment, IDisposable
{
    public const string Name = "trust";
    private static readonly TimeSpan s_expiryInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<byte[]> _arrivals = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1024) { SingleReader = true });
    private CancellationTokenSource? _stopping;
    private Task? _loops;
    private GossipEngine? _engine;

    /// <summary>The running book, once opened (null without an identity, or when trust.db cannot be opened).</summary>
    public TrustBook? Book { get; private set; }

    /// <summary>What the network and gossip ask: the graph, or every peer Isolated while there is none.</summary>
    public ITrustPolicy Policy => Book?.Graph ?? (ITrustPolicy)OpenTrustPolicy.Instance;

    /// <summary>Opens trust.db; on failure the node runs open (every peer Isolated) and not ready, saying why.</summary>
    public void Open()
    {
        if (identity.Key is not { } key || Book is not null)
        {
            return;
        }

        health.Register(Name);
        ITrustStore? store = null;
        try
        {
            store = new SqliteTrustStore(Path.Combine(options.DataDirectory, Store.Trust.FileName()));
            Book = new TrustBook(key, store, options.Trust, new TrustMetrics(registry), time, log);
            health.Set(Name, ComponentState.Running);
        }
        catch (StorageException e)
        {
            store?.Dispose();
            var problem = storage.OpenFailed(e, $"stop icnd, move {Store.Trust.FileName()} aside and start again, then add this node's edges again with icnctl trust add");
            LogCannotOpen(log, problem);
            health.SetProblem(Name, problem);
            health.Set(Name, ComponentState.Failed);
        }
    }

    public ValueTask AttachAsync(PeerNetwork network)
    {
        if (Book is { } book && gossip.Engine is { } engine)
        {
            _engine = engine;
            engine.UseTrust(book.Graph);
            engine.AddValidator(TrustOptions.AttestationsTopic, Attestation.IsSound);
            engine.CreateTopic(new TopicDefinition(TrustOptions.AttestationsTopic));
            engine.EntryStored += OnEntryStored;
            foreach (var trusted in book.Graph.Direct().Select(a => a.Edge.Target))
            {
                ReadAttestationsOf(trusted);
            }

            _stopping = new CancellationTokenSource();
            _loops = Task.WhenAll(Task.Run(() => IntakeAsync(book, _stopping.Token)), Task.Run(() => ExpireAsync(book, _stopping.Token)));
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DetachAsync(PeerNetwork network)
    {
        if (_engine is { } engine)
        {
            engine.EntryStored -= OnEntryStored;
            _engine = null;
        }

        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync();
            try
            {
                await (_loops ?? Task.CompletedTask);
            }
            catch (OperationCanceledException)
            {
            }

            stopping.Dispose();
            _stopping = null;
        }
    }

    public void Dispose()
    {
        Book?.Dispose();
        Book = null;
    }

    /// <summary>Adds or replaces this node's edge, publishing it when asked to; then takes in what the target attested.</summary>
    public Attestation Add(Did target, double score, IReadOnlyList<string> labels, string evidence, TimeSpan? expiresIn)
    {
        var book = Book ?? throw new InvalidOperationException("the trust graph is not running");
        var edge = book.Add(target, score, labels, evidence, expiresIn);
        Publish(edge);
        ReadAttestationsOf(target);
        return edge;
    }

    /// <summary>Removes this node's edge (withdrawing it, when published); false if there was none.</summary>
    public bool Remove(Did target)
    {
        var book = Book ?? throw new InvalidOperationException("the trust graph is not running");
        if (!book.Remove(target))
        {
            return false;
        }

        if (identity.Key is { } key)
        {
            Publish(Attestation.Sign(new TrustEdge(key.Did, target, 0, createdMs: time.GetUtcNow().ToUnixTimeMilliseconds()), key));
        }

        return true;
    }

    private void Publish(Attestation attestation)
    {
        if (options.Trust.PublishAttestations && _engine is { } engine)
        {
            engine.Publish(TrustOptions.AttestationsTopic, attestation.Encode(), attestation.Edge.CreatedMs);
        }
    }

    /// <summary>Offers what gossip holds from <paramref name="attester"/>, oldest first, so each replaces the one before.</summary>
    private void ReadAttestationsOf(Did attester)
    {
        if (_engine is not { } engine)
        {
            return;
        }

        foreach (var entry in engine.Entries(TrustOptions.AttestationsTopic, options.Trust.MaxAttestationsPerAttester, attester).OrderBy(e => e.TimestampMs))
        {
            _arrivals.Writer.TryWrite(entry.Payload);
        }
    }

    private void OnEntryStored(GossipEntry entry)
    {
        if (entry.Topic == TrustOptions.AttestationsTopic && entry.Author != identity.Key?.Did && !_arrivals.Writer.TryWrite(entry.Payload))
        {
            // Kept in gossip.db: read again when this node next adds an edge to the attester, or restarts.
            LogIntakeFull(log, entry.Author);
        }
    }

    private async Task IntakeAsync(TrustBook book, CancellationToken cancellationToken)
    {
        await foreach (var bytes in _arrivals.Reader.ReadAllAsync(cancellationToken))
        {
            book.Offer(bytes);
        }
    }

    private async Task ExpireAsync(TrustBook book, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_expiryInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            book.RemoveExpired();
        }
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Critical, Message = "trust graph not running, every peer counts as isolated: {Problem}")]
    private static partial void LogCannotOpen(ILogger logger, string problem);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Debug, Message = "trust intake full: the attestation from {Attester} waits in gossip.db")]
    private static partial void LogIntakeFull(ILogger logger, Did attester);
}
