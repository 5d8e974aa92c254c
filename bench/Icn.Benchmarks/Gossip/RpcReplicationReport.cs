using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Icn.Rpc;
using Icn.TestKit;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// <c>dotnet run -c Release -- replication-vs-gossipsub [entries] [publishers per node]</c>: in one invocation,
/// three real icnd processes replicating 100-byte entries published through the JSON-RPC by concurrent
/// publishers (every entry signed, verified by two nodes and committed durably on three), then the
/// js-libp2p gossipsub baseline of bench/gossipsub-baseline (three node processes, StrictSign Ed25519,
/// messages kept in memory), installed with npm at this moment; prints both figures and their ratio.
/// </summary>
internal static class RpcReplicationReport
{
    private const string Topic = "bench:replication";
    private const int PayloadBytes = 100;

    // Both sides warm up on the same number of messages before the measured round, so that neither is timed while its
    // JIT (RyuJIT's tiers, V8's) is still compiling the hot path.
    private const int WarmUp = 10_000;

    public static async Task RunAsync(int entries, int publishersPerNode)
    {
        var icn = await IcnAsync(entries, publishersPerNode);
        Console.WriteLine($"icnd, 3 processes, through the RPC: {icn:N0} entries per second fully replicated ({entries:N0} entries, {publishersPerNode} publishers per node)");
        var (gossipsub, missing) = await GossipsubAsync(entries);
        Console.WriteLine(missing == 0
            ? $"js-libp2p gossipsub, 3 processes: {gossipsub:N0} messages per second fully replicated ({entries:N0} messages)"
            : $"js-libp2p gossipsub, 3 processes: {missing:N0} deliveries of {entries * 2:N0} never arrived within 2 minutes (it keeps no copy to repair from)");
        if (missing == 0)
        {
            Console.WriteLine($"ratio icnd / gossipsub: {icn / gossipsub:F2}");
        }
    }

    private static async Task<double> IcnAsync(int entries, int publishersPerNode)
    {
        using var dir = new TempDirectory();
        await using var mesh = await NodeMesh.StartAsync(dir, 3, new Dictionary<string, string>());
        var clients = mesh.Nodes.Select(n => n.Rpc()).ToArray();
        try
        {
            foreach (var (client, i) in clients.Select((c, i) => (c, i)))
            {
                await client.CreateTopicAsync(new CreateTopicParams(Topic, MaxEntries: 1_000_000)); // above the default 10,000 a run would trim
                foreach (var other in mesh.Dids.Where((_, j) => j != i))
                {
                    await client.TrustAddAsync(new TrustAddParams(other, 0.8, ["bench"], "a node of the same benchmark"));
                }
            }

            await Poll.UntilAsync(async () => (await Task.WhenAll(clients.Select(c => c.TopicsAsync()))).All(t => t.Single(v => v.Name == Topic).ActivePeers == 2) ? "" : null,
                "every node's active view holding both others");
            await PublishAsync(clients, WarmUp, publishersPerNode, "warm-up");
            var started = Stopwatch.StartNew();
            await PublishAsync(clients, entries, publishersPerNode, "measured");
            return entries / started.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Publishes <paramref name="entries"/> over every node's publishers and returns once every node stores all of them.</summary>
    private static async Task PublishAsync(RpcClient[] clients, int entries, int publishersPerNode, string tag)
    {
        var before = (await Task.WhenAll(clients.Select(c => c.TopicsAsync()))).Select(t => t.Single(v => v.Name == Topic).Entries).ToArray();
        var next = -1;
        var workers = clients.SelectMany(client => Enumerable.Range(0, publishersPerNode).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var n && n < entries)
            {
                var payload = new byte[PayloadBytes];
                BitConverter.TryWriteBytes(payload, n);
                System.Text.Encoding.ASCII.GetBytes(tag, payload.AsSpan(4));
                await client.PublishAsync(new PublishParams(Topic, PayloadBase64: Convert.ToBase64String(payload)));
            }
        })));
        await Task.WhenAll(workers);
        int[] held = [];
        try
        {
            await Poll.UntilAsync(async () =>
            {
                held = [.. (await Task.WhenAll(clients.Select(c => c.TopicsAsync()))).Select((t, i) => t.Single(v => v.Name == Topic).Entries - before[i])];
                return held.All(d => d >= entries) ? "" : null;
            }, $"every node storing the {entries} entries published", TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"after 2 minutes the nodes held {string.Join(", ", held)} of the {entries} entries published");
        }
    }

    private static async Task<(double PerSecond, int Missing)> GossipsubAsync(int messages)
    {
        var harness = Repository.PathOf("bench", "gossipsub-baseline");
        if (!Directory.Exists(Path.Combine(harness, "node_modules")))
        {
            await ShellAsync(harness, "npm", "install --no-audit --no-fund");
        }

        var output = await ShellAsync(harness, "node", $"run.mjs {messages.ToString(CultureInfo.InvariantCulture)} 32 {WarmUp.ToString(CultureInfo.InvariantCulture)}");
        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return (result.RootElement.GetProperty("perSecond").GetDouble(), result.RootElement.GetProperty("missing").GetInt32());
    }

    private static async Task<string> ShellAsync(string directory, string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"could not start {program}");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} {arguments} exited with {process.ExitCode}: {output}");
    }
}
