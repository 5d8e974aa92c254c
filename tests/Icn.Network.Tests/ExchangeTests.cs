using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.Network.Tests;

/// <summary>Real nodes on loopback over real TLS: messages both ways, and counters that add up exactly.</summary>
public class ExchangeTests
{
    private const int N = 50;

    [Fact]
    public async Task Two_nodes_exchange_messages_both_ways_over_one_connection_and_count_them_exactly()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();

        await a.Network.ConnectAsync(b.EndPoint, b.Did, TestContext.Current.CancellationToken);
        await a.WaitForMeasuredPeersAsync(1);
        await b.WaitForMeasuredPeersAsync(1);
        var wireBytes = TestNode.OpeningBytes;
        for (var i = 0; i < N; i++)
        {
            var toB = new Direct("test", new byte[i * 10]);
            var toA = new Direct("test", new byte[i + 1]);
            Assert.True(a.Network.Send(b.Did, toB));
            Assert.True(b.Network.Send(a.Did, toA)); // b never dialled: the inbound session carries its sends
            wireBytes += Frames.HeaderLength + new Envelope(toB).ToBytes().Length;
        }

        await a.WaitForReceivedAsync(N);
        await b.WaitForReceivedAsync(N);

        var scrapeA = a.Scrape();
        var scrapeB = b.Scrape();
        const int Messages = N + TestNode.OpeningMessages;
        Assert.Equal(Messages, scrapeA["icn_network_messages_sent_total"]);
        Assert.Equal(Messages, scrapeA["icn_network_messages_received_total"]);
        Assert.Equal(Messages, scrapeB["icn_network_messages_sent_total"]);
        Assert.Equal(Messages, scrapeB["icn_network_messages_received_total"]);
        Assert.Equal(wireBytes, scrapeA["icn_network_bytes_sent_total"]);
        Assert.Equal(wireBytes, scrapeB["icn_network_bytes_received_total"]);
        Assert.Equal(scrapeB["icn_network_bytes_sent_total"], scrapeA["icn_network_bytes_received_total"]);
        Assert.Equal(1, scrapeA["icn_network_connections_total"]);
        Assert.Equal(1, scrapeB["icn_network_connections_total"]);
        Assert.Equal(1, scrapeA["icn_network_connections_active"]);
        Assert.Equal(Messages, scrapeA["icn_network_message_size_bytes_count{direction=\"sent\"}"]);
        Assert.Equal(wireBytes, scrapeA["icn_network_message_size_bytes_sum{direction=\"sent\"}"]);
        Assert.Equal(1, scrapeA["icn_network_handshake_duration_seconds_count"]);
        Assert.All(a.Received, r => Assert.Equal(b.Did, r.From));
    }

    [Fact]
    public async Task Three_nodes_in_a_mesh_each_count_what_they_sent_and_received()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();
        await using var c = await TestNode.StartAsync();
        TestNode[] nodes = [a, b, c];
        await a.Network.ConnectAsync(b.EndPoint, b.Did, TestContext.Current.CancellationToken);
        await b.Network.ConnectAsync(c.EndPoint, c.Did, TestContext.Current.CancellationToken);
        await c.Network.ConnectAsync(a.EndPoint, a.Did, TestContext.Current.CancellationToken);
        foreach (var node in nodes)
        {
            await node.WaitForMeasuredPeersAsync(2);
        }

        foreach (var node in nodes)
        {
            for (var i = 0; i < N; i++)
            {
                Assert.Equal(2, node.Network.Broadcast(new Direct("mesh", [(byte)i])));
            }
        }

        foreach (var node in nodes)
        {
            await node.WaitForReceivedAsync(2 * N);
        }

        var scrapes = nodes.Select(n => n.Scrape()).ToArray();
        Assert.All(scrapes, s =>
        {
            // A broadcast counts one per peer reached; each of the two sessions opened with a ping and a pong each way.
            Assert.Equal(2 * (N + TestNode.OpeningMessages), s["icn_network_messages_sent_total"]);
            Assert.Equal(2 * (N + TestNode.OpeningMessages), s["icn_network_messages_received_total"]);
            Assert.Equal(2, s["icn_network_connections_active"]);
        });
        Assert.Equal(scrapes.Sum(s => s["icn_network_bytes_sent_total"]), scrapes.Sum(s => s["icn_network_bytes_received_total"]));
        Assert.All(nodes, n => Assert.Equal(2, n.Received.Select(r => r.From).Distinct().Count()));
    }

    [Fact]
    public async Task Simultaneous_dials_settle_on_one_shared_session()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();

        await Task.WhenAll(
            a.Network.ConnectAsync(b.EndPoint, b.Did, TestContext.Current.CancellationToken),
            b.Network.ConnectAsync(a.EndPoint, a.Did, TestContext.Current.CancellationToken));
        await a.WaitForPeersAsync(1);
        await b.WaitForPeersAsync(1);

        // Whatever the race did, both sides send and receive on the session they kept.
        await Poll.UntilAsync(() =>
        {
            a.Network.Send(b.Did, new Direct("ping", [1]));
            b.Network.Send(a.Did, new Direct("ping", [2]));
            return !a.Received.IsEmpty && !b.Received.IsEmpty;
        }, "messages both ways after a simultaneous dial");
        Assert.Single(a.Network.ConnectedPeers);
        Assert.Single(b.Network.ConnectedPeers);
    }

    [Fact]
    public async Task A_wanted_peer_is_redialled_after_it_restarts_and_retries_are_counted()
    {
        await using var b = await TestNode.StartAsync();
        var a = await TestNode.StartAsync();
        var identityA = a.Identity;
        var endPointA = a.EndPoint;
        b.Network.KeepConnected(a.Address);
        await b.WaitForPeersAsync(1);

        await a.DisposeAsync();
        await b.WaitForPeersAsync(0);
        await Poll.UntilAsync(() => b.Scrape()["icn_network_dial_retries_total"] >= 1, "a retry while the peer is down");
        await using var restarted = await TestNode.StartAsync(TestNode.Options(o => o with { ListenAddress = endPointA }), identityA);

        await b.WaitForPeersAsync(1);
        await restarted.WaitForPeersAsync(1);
        Assert.True(b.Network.Send(identityA.Did, new Direct("back", [1])));
        await restarted.WaitForReceivedAsync(1);
        Assert.True(b.Scrape()["icn_network_dial_retries_total"] >= 1);
    }

    [Fact]
    public async Task Inbound_messages_over_the_rate_limit_are_dropped_and_counted()
    {
        await using var a = await TestNode.StartAsync();
        // A burst of 12: the opening ping and pong take two tokens, the flood gets ten.
        await using var b = await TestNode.StartAsync(TestNode.Options(o => o with { Budgets = o.Budgets with { Isolated = o.Budgets.Isolated with { MessagesPerSecond = 0.001, MessageBurst = 12 } } }));
        await a.Network.ConnectAsync(b.EndPoint, b.Did, TestContext.Current.CancellationToken);
        await b.WaitForMeasuredPeersAsync(1);
        await a.WaitForMeasuredPeersAsync(1);

        for (var i = 0; i < 30; i++)
        {
            a.Network.Send(b.Did, new Direct("flood", [(byte)i]));
        }

        await Poll.UntilAsync(() => b.Scrape()["icn_network_messages_received_total"] == 30 + TestNode.OpeningMessages, "all 30 frames read");
        var scrape = b.Scrape();
        Assert.Equal(10, b.Received.Count);
        Assert.Equal(20, scrape["icn_network_messages_dropped_total{reason=\"rate_limited\"}"]);
        Assert.Equal(20, scrape["icn_network_errors_total{kind=\"rate_limited\"}"]);
    }

    [Fact]
    public async Task Inbound_bytes_over_the_byte_budget_are_dropped_before_they_are_decoded()
    {
        await using var a = await TestNode.StartAsync();
        // 3,000 bytes of burst: the opening ping and pong take a few dozen, five frames of about 515 bytes the rest.
        await using var b = await TestNode.StartAsync(TestNode.Options(o => o with { MaxFrameBytes = 1024, Budgets = o.Budgets with { Isolated = o.Budgets.Isolated with { BytesPerSecond = 0.001, ByteBurst = 3000 } } }));
        await a.Network.ConnectAsync(b.EndPoint, b.Did, TestContext.Current.CancellationToken);
        await b.WaitForMeasuredPeersAsync(1);
        await a.WaitForMeasuredPeersAsync(1);

        for (var i = 0; i < 10; i++)
        {
            a.Network.Send(b.Did, new Direct("flood", new byte[500]));
        }

        await Poll.UntilAsync(() => b.Scrape()["icn_network_messages_received_total"] == 10 + TestNode.OpeningMessages, "all 10 frames read");
        Assert.Equal(5, b.Received.Count);
        Assert.Equal(5, b.Scrape()["icn_network_messages_dropped_total{reason=\"rate_limited\"}"]);
        Assert.Equal(0.001, b.Scrape()["icn_network_class_limit{class=\"isolated\",limit=\"bytes_per_second\"}"], 3);
    }

    [Fact]
    public async Task A_peer_flooding_past_its_rate_limit_is_disconnected_banned_and_refused_when_it_returns()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { Budgets = o.Budgets with { Isolated = o.Budgets.Isolated with { MessagesPerSecond = 0.001, MessageBurst = 7 } } }));
        var identity = Icn.Identity.Keys.IdentityKeyPair.Generate();
        await using (var flooder = await TestNode.StartAsync(identity: identity))
        {
            await flooder.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
            await node.WaitForMeasuredPeersAsync(1); // the opening ping and pong take two tokens
            for (var i = 0; i < 40; i++)
            {
                flooder.Network.Send(node.Did, new Direct("flood", [(byte)i]));
            }

            // 5 delivered, then 15 dropped (more than twice the burst of 7) end it.
            await node.WaitForPeersAsync(0);
            Assert.Equal(5, node.Received.Count);
        }

        await using var returning = await TestNode.StartAsync(identity: identity);
        try
        {
            await returning.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        }
        catch (Transport.HandshakeException)
        {
        }

        await Poll.UntilAsync(() => node.Refused("banned") == 1, "the banned peer's return to be refused");
        var scrape = node.Scrape();
        Assert.Equal(1, scrape["icn_network_peers_disconnected_total{reason=\"misbehaving\"}"]);
        Assert.Equal(1, scrape["icn_network_peers_banned"]);
        Assert.Empty(node.Network.ConnectedPeers);
    }

    [Fact]
    public async Task A_peer_penalized_by_a_layer_above_is_disconnected_and_banned()
    {
        await using var node = await TestNode.StartAsync();
        var identity = Icn.Identity.Keys.IdentityKeyPair.Generate();
        await using (var offender = await TestNode.StartAsync(identity: identity))
        {
            await offender.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
            await node.WaitForPeersAsync(1);

            node.Network.Penalize(identity.Did, "101 invalid entries within 10 s");

            await node.WaitForPeersAsync(0);
        }

        await using var returning = await TestNode.StartAsync(identity: identity);
        try
        {
            await returning.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        }
        catch (Transport.HandshakeException)
        {
        }

        await Poll.UntilAsync(() => node.Refused("banned") == 1, "the banned peer's return to be refused");
        Assert.Equal(1, node.Scrape()["icn_network_peers_disconnected_total{reason=\"misbehaving\"}"]);
    }

    [Fact]
    public void Options_out_of_range_are_refused_before_anything_starts_with_the_option_named()
    {
        var options = TestNode.Options(o => o with { KeepAliveInterval = TimeSpan.FromMinutes(2), IdleTimeout = TimeSpan.FromMinutes(1) });

        var error = Assert.Throws<ArgumentException>(() => new PeerNetwork(Icn.Identity.Keys.IdentityKeyPair.Generate(), options,
            new Observability.Registry.MetricRegistry(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.Equal("network option KeepAliveInterval must be positive and shorter than IdleTimeout", error.Message);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_with_bounded_jitter()
    {
        var network = new PeerNetwork(Icn.Identity.Keys.IdentityKeyPair.Generate(), TestNode.Options(o => o with
        {
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        }), new Observability.Registry.MetricRegistry(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, jitterSeed: 1);

        foreach (var (failures, nominal) in new[] { (1, 100.0), (2, 200.0), (3, 400.0), (4, 800.0), (5, 1000.0), (30, 1000.0) })
        {
            var delay = network.Backoff(failures).TotalMilliseconds;
            Assert.InRange(delay, nominal * 0.8, nominal * 1.2);
        }
    }
}

public class PeerAddressTests
{
    private static readonly Icn.Core.Identity.Did s_did = Icn.Core.Identity.Did.FromPublicKey(new byte[32]);

    [Theory]
    [InlineData("127.0.0.1", 7777)]
    [InlineData("node-1.coop.example", 7777)]
    [InlineData("::1", 9000)]
    public void Addresses_round_trip(string host, int port)
    {
        var address = new PeerAddress(s_did, host, port);

        Assert.True(PeerAddress.TryParse(address.ToString(), out var parsed));
        Assert.Equal(address, parsed);
    }

    [Theory]
    [InlineData("tcp://x@127.0.0.1:1")]
    [InlineData("icn://notadid@127.0.0.1:7777")]
    [InlineData("icn://DID@127.0.0.1:0")]
    [InlineData("icn://DID@127.0.0.1:70000")]
    [InlineData("icn://DID@bad host:7777")]
    [InlineData("icn://DID@127.0.0.1")]
    public void Malformed_addresses_are_refused(string text) =>
        Assert.False(PeerAddress.TryParse(text.Replace("DID", s_did.ToString(), StringComparison.Ordinal), out _));

    [Fact]
    public async Task Names_resolve_at_dial_time() =>
        Assert.Equal(System.Net.IPAddress.Loopback, (await new PeerAddress(s_did, "localhost", 7777).ResolveAsync(TestContext.Current.CancellationToken)).Address);
}
