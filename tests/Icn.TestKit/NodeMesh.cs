namespace Icn.TestKit;

/// <summary>
/// Real icnd processes in a full mesh on loopback: each with its own identity and data directory, each
/// bootstrapping to the ones started before it.
/// </summary>
public sealed class NodeMesh : IAsyncDisposable
{
    private NodeMesh(List<RunningNode> nodes, List<string> dids, string password)
    {
        Nodes = nodes;
        Dids = dids;
        PasswordFile = password;
    }

    public List<RunningNode> Nodes { get; }

    public List<string> Dids { get; }

    public string PasswordFile { get; }

    /// <summary>Starts <paramref name="count"/> nodes and waits until every one has a session with every other.</summary>
    public static async Task<NodeMesh> StartAsync(TempDirectory dir, int count, IReadOnlyDictionary<string, string> environment)
    {
        var password = dir.PasswordFile("mesh passphrase");
        var nodes = new List<RunningNode>();
        var dids = new List<string>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"node{i}";
                using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", dir.File(name), "--password-file", password]);
                if (init.ExitCode != 0)
                {
                    throw new InvalidOperationException(init.Output);
                }

                dids.Add(init.Stdout.Split('\n')[0].Split(' ')[^1]);
                nodes.Add(await RunningNode.StartAsync(dir.File(name), ["--password-file", password],
                    new Dictionary<string, string>(environment) { ["ICN_BOOTSTRAP_PEERS"] = Bootstrap(nodes, dids, nodes.Count) }));
            }

            foreach (var node in nodes)
            {
                await Poll.UntilAsync(async () => Scrape.Parse(await node.ScrapeAsync())["icn_network_connections_active"] == count - 1 ? "" : null,
                    $"{count - 1} sessions on every node");
            }
        }
        catch
        {
            // A mesh that fails to form must not leave processes behind (a failed initialisation is never disposed).
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }

        return new NodeMesh(nodes, dids, password);
    }

    /// <summary>The bootstrap list for node <paramref name="index"/>: every node started before it.</summary>
    public string BootstrapOf(int index) => Bootstrap(Nodes, Dids, index);

    /// <summary>Stops every node, also when one will not stop (it is killed, and its failure is thrown after the others stopped).</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var node in Nodes)
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }

    private static string Bootstrap(List<RunningNode> nodes, List<string> dids, int index) =>
        string.Join(',', nodes.Take(index).Select((n, i) => $"icn://{dids[i]}@127.0.0.1:{n.P2pPort}"));
}
