using System.CommandLine;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl ledger quarantine [list] | get | release | drop</c>: records the ledger refused, and why.</summary>
internal static class QuarantineCommands
{
    private static readonly Argument<string> s_id = new("id") { Description = "the record's id (64 hexadecimal digits, from the list)" };

    public static Command Create()
    {
        var quarantine = new Command("quarantine", "records refused for their signature, date or the ledger's rules");
        quarantine.Subcommands.Add(List());
        quarantine.Subcommands.Add(Get());
        quarantine.Subcommands.Add(Decide("release", "evaluate a refused record again (after a limit change, say)", (c, id, t) => c.QuarantineReleaseAsync(id, t)));
        quarantine.Subcommands.Add(Decide("drop", "remove a refused record for good; it is refused if it comes again", (c, id, t) => c.QuarantineDropAsync(id, t)));
        return quarantine;
    }

    private static Command List()
    {
        var command = new Command("list", "list refused records, oldest first") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.QuarantineAsync(t), RpcJson.Default.QuarantineViewArray,
            entries => Table.Print(Console.Out, ["ID", "KIND", "REASON", "SINCE (UTC)", "RECORD"],
                entries.Select(e => (IReadOnlyList<string>)[e.Id, e.Kind, e.Reason, LedgerCommands.Time(e.SinceMs), e.Summary])), ct));
        return command;
    }

    private static Command Get()
    {
        var command = new Command("get", "show one refused record, field by field") { s_id, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.QuarantineGetAsync(result.GetValue(s_id)!, t), RpcJson.Default.QuarantineDetail,
            detail => Table.Print(Console.Out, ["FIELD", "VALUE"], new (string, string)[]
                {
                    ("id", detail.Entry.Id), ("kind", detail.Entry.Kind), ("reason", detail.Entry.Reason), ("since", LedgerCommands.Time(detail.Entry.SinceMs)),
                }.Concat(detail.Fields.Select(f => (f.Key, f.Value))).Append(("bytes (base64)", detail.BytesBase64))
                .Select(f => (IReadOnlyList<string>)[f.Item1, f.Item2])), ct));
        return command;
    }

    private static Command Decide(string name, string description, Func<RpcClient, string, CancellationToken, Task<RecordOutcome>> call)
    {
        var command = new Command(name, description) { s_id, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => call(c, result.GetValue(s_id)!, t), RpcJson.Default.RecordOutcome,
            outcome => Console.WriteLine($"{outcome.Id}: {outcome.Outcome}"), ct));
        return command;
    }
}
