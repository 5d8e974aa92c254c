using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Protocol.Messages;
using Icn.Trust;
using Icn.Trust.Edges;
using Icn.Trust.Graph;

namespace Icn.Network.Tests;

/// <summary>Trust as the policy input of the network: a real trust graph decides admission, slots and budgets.</summary>
public sealed class TrustEnforcementTests : IDisposable
{
    private readonly IdentityKeyPair _self = IdentityKeyPair.Generate();
    private readonly TrustGraph _graph;

    public TrustEnforcementTests()
    {
        _graph = new TrustGraph(_self.Did, TimeProvider.System);
    }

    public void Dispose() => _self.Dispose();

    private void Trust(Did peer, double score) =>
        _graph.SetDirect(Attestation.Sign(new TrustEdge(_self.Did, peer, score, createdMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), _self));

    private Task<TestNode> NodeAsync(Func<NetworkOptions, NetworkOptions> adjust) =>
        TestNode.StartAsync(TestNode.Options(adjust), _self, trust: _graph);

    [Fact]
    public async Task Below_the_minimum_class_a_peer_is_refused_as_untrusted_admitted_once_trusted_and_closed_when_trust_goes()
    {
        await using var node = await NodeAsync(o => o with { MinInboundClass = TrustClass.Known });
        await using var stranger = await TestNode.StartAsync();

        await DialAsync(stranger, node);
        await Poll.UntilAsync(() => node.Refused("untrusted") == 1, "the stranger refused as untrusted");
        Assert.Empty(node.Network.ConnectedPeers);

        Trust(stranger.Did, 0.5); // no restart: the graph's change reaches the network
        await stranger.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await node.WaitForPeersAsync(1);
        Assert.Equal(1, node.Scrape()["icn_network_peers_by_class{class=\"partner\"}"]);

        _graph.RemoveDirect(stranger.Did);
        await node.WaitForPeersAsync(0);
        var scrape = node.Scrape();
        Assert.Equal(1, scrape["icn_network_peers_disconnected_total{reason=\"untrusted\"}"]);
        Assert.Equal(0, scrape["icn_network_peers_by_class{class=\"partner\"}"]);
    }

    [Fact]
    public async Task An_isolated_peer_is_held_to_its_class_budget_while_a_partner_at_the_same_load_is_not()
    {
        // Isolated: a burst of 12 and next to nothing after (the opening ping and pong take two); Partner: the default.
        await using var node = await NodeAsync(o => o with { Budgets = o.Budgets with { Isolated = o.Budgets.Isolated with { MessagesPerSecond = 0.001, MessageBurst = 12 } } });
        await using var stranger = await TestNode.StartAsync();
        await using var partner = await TestNode.StartAsync();
        Trust(partner.Did, 0.5);
        foreach (var peer in new[] { stranger, partner })
        {
            await peer.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        }

        await node.WaitForMeasuredPeersAsync(2);
        for (var i = 0; i < 30; i++)
        {
            stranger.Network.Send(node.Did, new Direct("load", [(byte)i]));
            partner.Network.Send(node.Did, new Direct("load", [(byte)i]));
        }

        await Poll.UntilAsync(() => node.Scrape()["icn_network_messages_received_total"] == 60 + (2 * TestNode.OpeningMessages), "all 60 frames read");
        Assert.Equal(30, node.Received.Count(r => r.From == partner.Did));
        Assert.Equal(10, node.Received.Count(r => r.From == stranger.Did));
        var scrape = node.Scrape();
        Assert.Equal(20, scrape["icn_network_messages_rate_limited_by_class_total{class=\"isolated\"}"]);
        Assert.Equal(0, scrape["icn_network_messages_rate_limited_by_class_total{class=\"partner\"}"]);
        Assert.Equal(0.001, scrape["icn_network_class_limit{class=\"isolated\",limit=\"messages_per_second\"}"], 3);
        Assert.Equal(1000, scrape["icn_network_class_limit{class=\"partner\",limit=\"messages_per_second\"}"]);
    }

    [Fact]
    public async Task A_crowd_of_isolated_peers_never_pushes_out_a_partner_and_a_partner_arriving_late_takes_a_strangers_slot()
    {
        // 8 sessions: 4 inbound, of which Isolated peers may hold 3.
        await using var node = await NodeAsync(o => o with { MaxSessions = 8, OutboundReserve = 4 });
        await using var partner = await TestNode.StartAsync();
        await using var latePartner = await TestNode.StartAsync();
        Trust(partner.Did, 0.5);
        Trust(latePartner.Did, 0.5);
        await partner.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await node.WaitForPeersAsync(1);

        var crowd = new List<TestNode>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var stranger = await TestNode.StartAsync();
                crowd.Add(stranger);
                await DialAsync(stranger, node);
            }

            await Poll.UntilAsync(() => node.Scrape()["icn_network_peers_by_class{class=\"isolated\"}"] == 3
                && node.Scrape()["icn_network_peers_disconnected_total{reason=\"evicted\"}"] + node.Refused("limit") == 7, "the crowd settled");
            Assert.Contains(partner.Did, node.Network.ConnectedPeers);
            Assert.Equal(4, node.Scrape()["icn_network_limit{limit=\"inbound_sessions\"}"]);
            Assert.Equal(3, node.Scrape()["icn_network_limit{limit=\"isolated_inbound_sessions\"}"]);

            await latePartner.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => node.Network.ConnectedPeers.Contains(latePartner.Did), "the late partner admitted");
            Assert.Contains(partner.Did, node.Network.ConnectedPeers);
            Assert.Equal(2, node.Scrape()["icn_network_peers_by_class{class=\"partner\"}"]);
        }
        finally
        {
            foreach (var stranger in crowd)
            {
                await stranger.DisposeAsync();
            }
        }
    }

    private static async Task DialAsync(TestNode from, TestNode to)
    {
        try
        {
            await from.Network.ConnectAsync(to.EndPoint, to.Did, TestContext.Current.CancellationToken);
        }
        catch (Transport.HandshakeException)
        {
            // refused: what the test counts
        }
    }
}
