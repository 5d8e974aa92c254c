using System.CommandLine;
using System.Globalization;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl trust add | remove | list | show</c>: this node's trust graph, changed in the running daemon (trust.db).</summary>
internal static class TrustCommands
{
    private static readonly Argument<string> s_did = new("did") { Description = "the DID, did:icn:z..." };

    public static Command Create()
    {
        var trust = new Command("trust", "who this node works with: edges scored 0 to 1, classes isolated < known < partner < federated");
        trust.Subcommands.Add(Add());
        trust.Subcommands.Add(Remove());
        trust.Subcommands.Add(List());
        trust.Subcommands.Add(Show());
        return trust;
    }

    private static Command Add()
    {
        var score = new Option<double>("--score") { Description = "how far this node trusts the DID, 0 to 1 (0.1 known, 0.4 partner, 0.7 federated)", Required = true };
        var labels = new Option<string[]>("--label") { Description = "a label for the edge (repeat for more, at most 8)" };
        var evidence = new Option<string?>("--evidence") { Description = "why, in words: a charter, an agreement, a meeting" };
        var expires = new Option<string?>("--expires") { Description = "the edge lapses after this long: 90d, 12h, 30m or 45s" };
        var command = new Command("add", "trust a DID (replacing any edge to it); takes effect at once") { s_did, score, labels, evidence, expires, CommonOptions.Json };
        command.SetAction((result, ct) =>
        {
            var request = new TrustAddParams(result.GetValue(s_did)!, result.GetValue(score), result.GetValue(labels) ?? [], result.GetValue(evidence),
                result.GetValue(expires) is { } text ? (long)Duration(text).TotalSeconds : null);
            return RpcCommand.RunAsync(result, (c, t) => c.TrustAddAsync(request, t), RpcJson.Default.TrustEdgeView, edge => PrintEdges([edge]), ct);
        });
        return command;
    }

    private static Command Remove()
    {
        var command = new Command("remove", "stop trusting a DID (and what it attested); takes effect at once") { s_did, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.TrustRemoveAsync(result.GetValue(s_did)!, t), RpcJson.Default.TrustRemoved,
            removed => Console.WriteLine(removed.Removed ? $"removed the edge to {removed.Did}" : $"no edge to {removed.Did}"), ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "this node's edges, with each target's class now") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.TrustListAsync(t), RpcJson.Default.TrustEdgeViewArray, PrintEdges, ct));
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "a DID's score and class, and the paths that gave them") { s_did, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.TrustShowAsync(result.GetValue(s_did)!, t), RpcJson.Default.TrustShowView, PrintScore, ct));
        return command;
    }

    /// <summary>A lifetime such as 90d, 12h, 30m or 45s.</summary>
    internal static TimeSpan Duration(string text)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        var ok = long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0;
        return (ok, unit) switch
        {
            (true, 'd') => TimeSpan.FromDays(count),
            (true, 'h') => TimeSpan.FromHours(count),
            (true, 'm') => TimeSpan.FromMinutes(count),
            (true, 's') => TimeSpan.FromSeconds(count),
            _ => throw new CliException(CliProgram.BadUsage, $"--expires wants a positive whole number and a unit (90d, 12h, 30m, 45s), not '{text}'"),
        };
    }

    private static void PrintEdges(TrustEdgeView[] edges) =>
        Table.Print(Console.Out, ["DID", "SCORE", "CLASS", "LABELS", "EXPIRES"], edges.Select(e => (IReadOnlyList<string>)
            [e.Target, e.Score.ToString("0.####", CultureInfo.InvariantCulture), e.Class, string.Join(",", e.Labels),
             e.ExpiresMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never"]));

    private static void PrintScore(TrustShowView view)
    {
        Console.WriteLine($"{view.Did}: score {view.Score.ToString("0.####", CultureInfo.InvariantCulture)}, {view.Class}{(view.Connected ? ", connected now" : "")}");
        foreach (var path in view.Paths)
        {
            Console.WriteLine(path.Via is { } via
                ? $"  via {via}: it attests {path.Score.ToString("0.####", CultureInfo.InvariantCulture)}, counting {path.Contribution.ToString("0.####", CultureInfo.InvariantCulture)}"
                : $"  direct edge: {path.Score.ToString("0.####", CultureInfo.InvariantCulture)}");
        }

        if (view.Paths.Count == 0)
        {
            Console.WriteLine("  no edge and no attestation from a DID this node trusts: isolated");
        }
    }
}
