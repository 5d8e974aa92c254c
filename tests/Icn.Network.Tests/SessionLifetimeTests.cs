using Icn.Identity.Keys;
using Icn.Network.Tls;
using Icn.Network.Transport;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Network.Tests;

/// <summary>Keep-alive, idle timeout and the bounded send queue, against a peer that stays silent.</summary>
public class SessionLifetimeTests
{
    [Fact]
    public async Task A_quiet_session_is_pinged_and_a_silent_peer_is_closed_on_idle_timeout()
    {
        // Start the fake clock at the real time: certificates carry validity periods.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with
        {
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            IdleTimeout = TimeSpan.FromSeconds(60),
        }), time: clock);
        await using var silent = await SilentPeerAsync(node);
        await node.WaitForPeersAsync(1);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Poll.DefaultDeadline);
        using var opening = await Frames.ReadAsync(silent.Stream, 1024, deadline.Token);
        Assert.Equal(new Ping(1), Envelope.Decode(opening!.Payload, 1024).Message); // every session opens with a ping

        clock.Advance(TimeSpan.FromSeconds(16));
        using var ping = await Frames.ReadAsync(silent.Stream, 1024, deadline.Token);
        Assert.Equal(new Ping(2), Envelope.Decode(ping!.Payload, 1024).Message);
        Assert.Equal(0, node.Errors("timeout"));

        clock.Advance(TimeSpan.FromSeconds(45));
        await Poll.UntilAsync(() => node.Errors("timeout") == 1, "the idle timeout");
        await node.WaitForPeersAsync(0);
        Assert.Equal(1, node.Scrape()["icn_network_connection_duration_seconds_count"]);
    }

    [Fact]
    public async Task Messages_that_find_the_send_queue_full_are_dropped_and_counted()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { SendQueueCapacity = 4 }));
        var silentIdentity = IdentityKeyPair.Generate();
        await using var silent = await SilentPeerAsync(node, silentIdentity); // never reads: socket buffers fill, then the queue
        await node.WaitForPeersAsync(1);
        var big = new Direct("bulk", new byte[1024 * 1024]);

        var refused = 0;
        for (var i = 0; i < 200 && refused < 10; i++)
        {
            if (!node.Network.Send(silentIdentity.Did, big))
            {
                refused++;
            }
            else
            {
                await Task.Yield();
            }
        }

        Assert.Equal(10, refused);
        Assert.Equal(refused, node.Scrape()["icn_network_messages_dropped_total{reason=\"queue_full\"}"]);
    }

    [Fact]
    public async Task A_peer_that_stops_reading_is_disconnected_at_the_write_timeout_and_counted_as_slow()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(400),
            WriteTimeout = TimeSpan.FromMilliseconds(500),
        }));
        var silentIdentity = IdentityKeyPair.Generate();
        await using var silent = await SilentPeerAsync(node, silentIdentity); // never reads
        await node.WaitForPeersAsync(1);
        var big = new Direct("bulk", new byte[1024 * 1024]);

        // A few megabytes fill the socket buffers; the write after them never completes.
        await Poll.UntilAsync(() => !node.Network.Send(silentIdentity.Did, big) || node.Network.ConnectedPeers.Count == 0, "the writes to stall");
        await node.WaitForPeersAsync(0);

        Assert.Equal(1, node.Scrape()["icn_network_peers_disconnected_total{reason=\"slow\"}"]);
    }

    private static async Task<AuthenticatedConnection> SilentPeerAsync(TestNode node, IdentityKeyPair? identity = null)
    {
        identity ??= IdentityKeyPair.Generate();
        var transport = new TlsTcpTransport(() => CertificateBinding.Create(identity, TimeProvider.System), TestNode.Options(),
            new NetworkMetrics(new Icn.Observability.Registry.MetricRegistry()), TimeProvider.System, NullLogger.Instance);
        return await transport.DialAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
    }
}
