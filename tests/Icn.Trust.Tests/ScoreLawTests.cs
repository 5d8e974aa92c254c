using CsCheck;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Trust.Edges;
using Icn.Trust.Graph;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Trust.Tests;

/// <summary>The laws the score function promises (docs/trust.md), over random graphs of a few DIDs.</summary>
public sealed class ScoreLawTests : IDisposable
{
    private static readonly TimeProvider s_time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
    private readonly IdentityKeyPair[] _keys = [.. Enumerable.Range(0, 6).Select(i => IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)(i + 1), 32).ToArray()))];

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private Did Self => _keys[0].Did;

    /// <summary>An edge from one of the six DIDs to another, with a score in ten-thousandths.</summary>
    private static readonly Gen<(int From, int To, int Score)> s_edge =
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 5], Gen.Int[0, TrustEdge.ScoreScale]).Where(e => e.Item1 != e.Item2);

    [Fact]
    public void Adding_an_edge_or_raising_a_score_never_lowers_any_score()
    {
        Gen.Select(s_edge.Array[0, 12], s_edge).Sample((edges, added) =>
        {
            var before = Build(edges);
            var after = Build([.. edges, added]);
            var raised = Build([.. edges.Select(e => e.From == added.From && e.To == added.To ? e with { Score = Math.Max(e.Score, added.Score) } : e)]);
            foreach (var did in _keys.Select(k => k.Did))
            {
                // The later of two edges between the same pair replaces the earlier, so "adding" one may lower that edge:
                // the law is about adding trust, which the raised graph shows whatever the order.
                Assert.True(raised.ScoreOf(did) >= before.ScoreOf(did), $"{did}: raised {raised.ScoreOf(did)} < {before.ScoreOf(did)}");
                if (!edges.Any(e => e.From == added.From && e.To == added.To))
                {
                    Assert.True(after.ScoreOf(did) >= before.ScoreOf(did), $"{did}: after {after.ScoreOf(did)} < {before.ScoreOf(did)}");
                }
            }
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_direct_full_edge_is_federated_whatever_else_the_graph_holds()
    {
        s_edge.Array[0, 12].Select(Gen.Int[1, 5]).Sample((edges, target) =>
        {
            var graph = Build([.. edges.Where(e => !(e.From == 0 && e.To == target)), (0, target, TrustEdge.ScoreScale)]);
            Assert.Equal(1, graph.ScoreOf(_keys[target].Did));
            Assert.Equal(TrustClass.Federated, graph.ClassOf(_keys[target].Did));
        }, iter: 200, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Transitive_paths_give_at_most_the_transitive_weight_and_never_the_top_class()
    {
        s_edge.Array[0, 16].Sample(edges =>
        {
            var graph = Build(edges);
            foreach (var target in Enumerable.Range(1, 5).Where(t => !edges.Any(e => e.From == 0 && e.To == t)))
            {
                Assert.InRange(graph.ScoreOf(_keys[target].Did), 0, TrustGraph.TransitiveWeight);
                Assert.NotEqual(TrustClass.Federated, graph.ClassOf(_keys[target].Did));
            }
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void The_node_itself_scores_one_and_a_stranger_zero()
    {
        var graph = Build([(0, 1, 3000), (1, 2, 10000)]);
        using var stranger = IdentityKeyPair.Generate();

        Assert.Equal(1, graph.ScoreOf(Self));
        Assert.Equal(TrustClass.Federated, graph.ClassOf(Self));
        Assert.Equal(0, graph.ScoreOf(stranger.Did));
        Assert.Equal(TrustClass.Isolated, graph.ClassOf(stranger.Did));
    }

    [Fact]
    public void A_stranger_of_a_stranger_counts_nothing_and_one_hop_counts_half_the_product()
    {
        // 0 trusts 1 at 0.8; 1 attests 2 at 0.9; 2 attests 3 at 1.0 (two hops from 0); 4 (not trusted) attests 5.
        var graph = Build([(0, 1, 8000), (1, 2, 9000), (2, 3, 10000), (4, 5, 10000)]);

        Assert.Equal(0.5 * 0.8 * 0.9, graph.ScoreOf(_keys[2].Did), 6);
        Assert.Equal(TrustClass.Known, graph.ClassOf(_keys[2].Did));
        Assert.Equal(0, graph.ScoreOf(_keys[3].Did));
        Assert.Equal(0, graph.ScoreOf(_keys[5].Did));
        var explained = graph.Explain(_keys[2].Did);
        Assert.Equal(_keys[1].Did, Assert.Single(explained.Paths).Via);
    }

    [Theory]
    [InlineData(0.0, TrustClass.Isolated)]
    [InlineData(0.0999, TrustClass.Isolated)]
    [InlineData(0.1, TrustClass.Known)]
    [InlineData(0.3999, TrustClass.Known)]
    [InlineData(0.4, TrustClass.Partner)]
    [InlineData(0.6999, TrustClass.Partner)]
    [InlineData(0.7, TrustClass.Federated)]
    [InlineData(1.0, TrustClass.Federated)]
    public void Classes_follow_the_documented_thresholds(double score, TrustClass expected) =>
        Assert.Equal(expected, TrustClasses.Of(score));

    [Fact]
    public void An_expired_edge_counts_nothing_and_is_removed_with_its_class_change()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var graph = new TrustGraph(Self, time);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        graph.SetDirect(Attestation.Sign(new TrustEdge(Self, _keys[1].Did, 0.8, createdMs: now, expiresMs: now + 60_000), _keys[0]));
        Assert.Equal(TrustClass.Federated, graph.ClassOf(_keys[1].Did));

        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(TrustClass.Isolated, graph.ClassOf(_keys[1].Did));
        Assert.Equal([new ClassChange(_keys[1].Did, TrustClass.Federated, TrustClass.Isolated)], graph.RemoveExpired(out var expired));
        Assert.Single(expired);
        Assert.Empty(graph.RemoveExpired(out _));
        Assert.Equal(0, graph.Counts().Direct);
    }

    private TrustGraph Build(IEnumerable<(int From, int To, int Score)> edges)
    {
        var graph = new TrustGraph(Self, s_time);
        var created = 1L;
        foreach (var (from, to, score) in edges.OrderBy(e => e.From == 0 ? 0 : 1))
        {
            var signed = Attestation.Sign(new TrustEdge(_keys[from].Did, _keys[to].Did, (double)score / TrustEdge.ScoreScale, createdMs: created++), _keys[from]);
            if (from == 0)
            {
                graph.SetDirect(signed);
            }
            else if (graph.Admits(signed))
            {
                graph.Attest(signed);
            }
        }

        return graph;
    }
}
