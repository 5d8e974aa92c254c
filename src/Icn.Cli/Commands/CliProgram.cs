using System.CommandLine;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl</c>: exit 0 on success, 1 when an operation is refused, 2 on bad usage.</summary>
public static class CliProgram
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int BadUsage = 2;

    /// <summary>Every command icnctl has: what runs, and what <c>completion</c> and the suggestions read.</summary>
    public static RootCommand Commands()
    {
        var root = new RootCommand("icnctl: control an InterCooperative Network node");
        root.Options.Add(CommonOptions.DataDirectory);
        root.Options.Add(CommonOptions.RpcAddress);
        root.Subcommands.Add(IdentityCommands.Create());
        root.Subcommands.Add(StatusCommands.Status());
        root.Subcommands.Add(StatusCommands.Top());
        root.Subcommands.Add(NetworkCommands.Create());
        root.Subcommands.Add(GossipCommands.Create());
        root.Subcommands.Add(LedgerCommands.Create());
        root.Subcommands.Add(TrustCommands.Create());
        root.Subcommands.Add(DevnetCommands.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Commands().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"icnctl: {error.Message}");
            }

            foreach (var suggestion in Suggestions.For(parsed))
            {
                await Console.Error.WriteLineAsync($"icnctl: {suggestion}");
            }

            var path = string.Join(' ', Suggestions.Path(parsed.CommandResult).Prepend("icnctl"));
            await Console.Error.WriteLineAsync($"see '{path} --help'");
            return BadUsage;
        }

        try
        {
            // Failures are reported here in one line; System.CommandLine's own handler prints stack traces.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"icnctl: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file icnctl needed could not be read or written: say which, in one line.
            await Console.Error.WriteLineAsync($"icnctl: {e.Message}");
            return Refused;
        }
    }
}
