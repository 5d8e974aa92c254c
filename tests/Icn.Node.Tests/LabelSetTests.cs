using Icn.Ledger.Rules;
using Icn.Observability.Catalogue;
using Icn.Rpc;
using GossipReject = Icn.Gossip.Entries.RejectReason;
using LedgerReject = Icn.Ledger.Rules.RejectReason;

namespace Icn.Node.Tests;

/// <summary>Label sets the catalogue declares for other modules' enums and method lists must match them exactly.</summary>
public sealed class LabelSetTests
{
    [Fact]
    public void Rpc_method_labels_are_the_methods_icnd_answers_and_unknown()
    {
        Assert.Equal([.. RpcMethods.All, MetricCatalogue.Rpc.UnknownMethod], MetricCatalogue.Rpc.Methods);
    }

    [Fact]
    public void Ledger_reject_labels_follow_the_ledger_reasons_in_order()
    {
        Assert.Equal(RejectReasons.Labels, MetricCatalogue.Ledger.RejectReasons);
        Assert.Equal(Enum.GetValues<LedgerReject>().Length, MetricCatalogue.Ledger.RejectReasons.Count);
    }

    [Fact]
    public void Gossip_reject_labels_follow_the_gossip_reasons_in_order()
    {
        Assert.Equal(Enum.GetValues<GossipReject>().Length, MetricCatalogue.Gossip.RejectReasons.Count);
        Assert.Equal("bad_signature", MetricCatalogue.Gossip.RejectReasons[(int)GossipReject.BadSignature]);
        Assert.Equal("timestamp", MetricCatalogue.Gossip.RejectReasons[(int)GossipReject.Timestamp]);
        Assert.Equal("unknown_topic", MetricCatalogue.Gossip.RejectReasons[(int)GossipReject.UnknownTopic]);
    }
}
