using System.CommandLine;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl</c>: exit 0 on success, 1 when an operation is refused, 2 on bad usage.</summary>
public static class CliProgram
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(string[] args)
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

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"icnctl: {error.Message}");
            }

            await Console.Error.WriteLineAsync("see 'icnctl --help'");
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
