using System.Net;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Network.Transport;
using Icn.Observability.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Network.Tests;

/// <summary>
/// A dial must never run while the network's gate is held. It once did: a bootstrap peer's keeper started under the
/// gate, and a dial that completed at once adopted the session and called gossip on that thread. A gossip thread
/// already holding the engine's lock and waiting for the gate then deadlocked icnd's start (seen in the suite).
/// </summary>
public sealed class KeeperLockTests
{
    [Fact]
    public async Task A_bootstrap_peers_first_dial_runs_outside_the_networks_gate()
    {
        var transport = new SynchronousTransport();
        using var self = IdentityKeyPair.Generate();
        using var peer = IdentityKeyPair.Generate();
        var options = TestNode.Options(o => o with { BootstrapPeers = [PeerAddress.Of(peer.Did, new IPEndPoint(IPAddress.Loopback, 9))] });
        await using var network = new PeerNetwork(self.Did, options, new NetworkMetrics(new MetricRegistry()), TimeProvider.System,
            NullLoggerFactory.Instance, _ => transport);
        transport.Network = network;

        await network.StartAsync(TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => transport.Dials > 0, "the bootstrap peer dialled");

        Assert.True(transport.GateWasFree, "the dial ran while the network's gate was held");
    }

    /// <summary>Refuses every dial at once, on the caller's thread, after asking another thread to take the gate.</summary>
    private sealed class SynchronousTransport : ITransport
    {
        public PeerNetwork? Network { get; set; }

        public int Dials { get; private set; }

        public bool GateWasFree { get; private set; } = true;

        public Task<IPEndPoint> ListenAsync(IPEndPoint endPoint, Func<AuthenticatedConnection, Task> accepted, CancellationToken cancellationToken) =>
            Task.FromResult(new IPEndPoint(IPAddress.Loopback, 1));

        public Task<AuthenticatedConnection> DialAsync(IPEndPoint endPoint, Did? expected, CancellationToken cancellationToken)
        {
            // Another thread reads the known peers (under the gate): it finishes unless this thread holds the gate.
            GateWasFree &= Task.Run(() => Network!.KnownPeers.Count, cancellationToken).Wait(TimeSpan.FromSeconds(2), cancellationToken);
            Dials++;
            throw new HandshakeException(NetworkError.Handshake, "refused by the test");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
