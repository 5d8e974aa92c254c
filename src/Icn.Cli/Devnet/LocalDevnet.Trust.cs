using Icn.Rpc;

namespace Icn.Cli.Devnet;

internal sealed partial class LocalDevnet
{
    /// <summary>What each devnet node's edge to every other scores: Federated, one cooperative's own nodes.</summary>
    private const double MemberScore = 0.8;

    /// <summary>
    /// Each node trusts every other as a member of the same federation, so that the devnet runs as a cooperative
    /// would: its nodes at the Federated budget and in the trusted slots, strangers not.
    /// </summary>
    private async Task TrustEachOtherAsync(IReadOnlyList<DevnetNode> nodes, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            using var client = RpcClient.ForNode(node.DataDirectory, node.RpcAddress);
            foreach (var other in nodes.Where(n => n != node))
            {
                await client.TrustAddAsync(new TrustAddParams(other.Did, MemberScore, ["devnet"], "a node of the same devnet"), cancellationToken);
            }
        }

        output.WriteLine($"trust: each node trusts the others at {MemberScore} (federated); see icnctl trust list");
    }
}
