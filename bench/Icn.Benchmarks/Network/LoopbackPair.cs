using System.Net;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Discovery;
using Icn.Network.Sessions;
using Icn.Observability.Registry;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Benchmarks.Network;

/// <summary>Two real nodes on loopback over TLS; B counts what arrives and echoes the "echo" channel.</summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _echoed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoopbackPair(PeerNetwork a, PeerNetwork b, IdentityKeyPair identityB)
    {
        A = a;
        B = b;
        BDid = identityB.Did;
        b.Use(new Handler((from, envelope) =>
        {
            if (envelope.Message is Direct { Channel: "echo" } direct)
            {
                B.Send(from, direct);
            }
            else if (Interlocked.Increment(ref _received) == Volatile.Read(ref _target))
            {
                _arrived.TrySetResult();
            }
        }));
        a.Use(new Handler((_, _) => _echoed.TrySetResult()));
    }

    public PeerNetwork A { get; }

    public PeerNetwork B { get; }

    public Icn.Core.Identity.Did BDid { get; }

    public static async Task<LoopbackPair> StartAsync()
    {
        var options = new NetworkOptions
        {
            ListenAddress = new IPEndPoint(IPAddress.Loopback, 0),
            KeepAliveInterval = TimeSpan.FromHours(1),
            IdleTimeout = TimeSpan.FromHours(2),
            SendQueueCapacity = 4096,
            Budgets = ClassBudgets.Uniform(new PeerBudget(1e9, 1e9, 1e12, 1e12)),
            Discovery = new DiscoveryOptions { Enabled = false },
        };
        var identityA = IdentityKeyPair.Generate();
        var identityB = IdentityKeyPair.Generate();
        var a = new PeerNetwork(identityA, options, new MetricRegistry(), TimeProvider.System, NullLoggerFactory.Instance);
        var b = new PeerNetwork(identityB, options, new MetricRegistry(), TimeProvider.System, NullLoggerFactory.Instance);
        var pair = new LoopbackPair(a, b, identityB);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        await a.ConnectAsync(b.ListenEndPoint!, identityB.Did, CancellationToken.None);
        while (b.ConnectedPeers.Count == 0)
        {
            await Task.Delay(1);
        }

        return pair;
    }

    /// <summary>Sends <paramref name="count"/> messages A to B and waits until B has them all.</summary>
    public async Task SendAndAwaitAsync(Direct message, int count)
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, Volatile.Read(ref _received) + count);
        for (var i = 0; i < count; i++)
        {
            while (!A.Send(BDid, message))
            {
                await Task.Yield(); // queue full: let the writer drain
            }
        }

        await _arrived.Task;
    }

    /// <summary>One round trip A to B and back.</summary>
    public async Task RoundTripAsync(Direct echo)
    {
        _echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        A.Send(BDid, echo);
        await _echoed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    /// <summary>Hands every message to one action; sessions opening and closing need nothing here.</summary>
    private sealed class Handler(Action<Icn.Core.Identity.Did, Envelope> receive) : IPeerHandler
    {
        public void PeerConnected(Icn.Core.Identity.Did peer)
        {
        }

        public void PeerDisconnected(Icn.Core.Identity.Did peer)
        {
        }

        public ValueTask ReceiveAsync(Icn.Core.Identity.Did peer, Envelope envelope)
        {
            receive(peer, envelope);
            return ValueTask.CompletedTask;
        }
    }
}
