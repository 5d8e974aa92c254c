using System.CommandLine;
using Icn.Cli.Devnet;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl devnet up | status | down</c>: a local network of icnd processes on loopback.</summary>
internal static class DevnetCommands
{
    private static readonly Option<string> s_dir = new("--dir")
    {
        Description = "the devnet's folder (default: $ICN_DEVNET_DIR, else ./.icn-devnet)",
        Recursive = true,
    };

    public static Command Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            var unsupported = new Command("devnet", "a local network of icnd processes (Linux only)");
            unsupported.SetAction(_ =>
            {
                Console.Error.WriteLine("icnctl: the devnet runs on Linux only");
                return CliProgram.Refused;
            });
            return unsupported;
        }

        var devnet = new Command("devnet", "a local network of icnd processes on this machine") { s_dir };
        devnet.Subcommands.Add(Up());
        devnet.Subcommands.Add(Status());
        devnet.Subcommands.Add(Down());
        return devnet;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static LocalDevnet Devnet(ParseResult result) =>
        new(result.GetValue(s_dir) is { } dir ? Path.GetFullPath(dir) : LocalDevnet.DefaultFolder,
            result.GetValue(CommonOptions.Json) ? Console.Error : Console.Out, result.GetValue(CommonOptions.Json));

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static Command Up()
    {
        var nodes = new Option<int>("--nodes", "-n") { Description = "how many nodes (default 3, at most 20)", DefaultValueFactory = _ => 3 };
        var demo = new Option<bool>("--demo") { Description = "then create a currency, publish two rounds of entries and make payments, so every traffic metric moves" };
        var icnd = new Option<string>("--icnd") { Description = "the icnd.dll to run (default: $ICN_ICND, else found beside icnctl or in this source checkout)" };
        var prometheus = new Option<bool>("--prometheus") { Description = "also run Prometheus (if installed) scraping the nodes with the shipped alert rules" };
        var alertmanager = new Option<bool>("--alertmanager") { Description = "also run Alertmanager (if installed) with the shipped routing; implies --prometheus" };
        var webhook = new Option<string?>("--alert-webhook") { Description = "where Alertmanager posts notifications (a webhook URL); with --alertmanager" };
        var command = new Command("up", "start the nodes, wait until all are connected, and print where they are") { nodes, demo, prometheus, alertmanager, webhook, icnd, CommonOptions.Json };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(nodes) is < 1 or > 20)
            {
                await Console.Error.WriteLineAsync("icnctl: --nodes must be from 1 to 20");
                return CliProgram.BadUsage;
            }

            if (Programs.Icnd(result.GetValue(icnd)) is not { } found)
            {
                await Console.Error.WriteLineAsync("icnctl: cannot find icnd.dll: build it (dotnet build src/Icn.Node -c Release), or pass --icnd PATH or set ICN_ICND");
                return CliProgram.BadUsage;
            }

            Uri? url = null;
            if (result.GetValue(webhook) is { } text
                && (!result.GetValue(alertmanager) || !Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            {
                await Console.Error.WriteLineAsync("icnctl: --alert-webhook needs --alertmanager and an absolute http or https URL");
                return CliProgram.BadUsage;
            }

            var monitoring = new DevnetMonitoring(result.GetValue(prometheus) || result.GetValue(alertmanager), result.GetValue(alertmanager), url);
            return await Devnet(result).UpAsync(result.GetValue(nodes), found, result.GetValue(demo), monitoring, ct);
        });
        return command;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static Command Status()
    {
        var command = new Command("status", "each node's state, peers, entries and transactions") { CommonOptions.Json };
        command.SetAction((result, ct) => Devnet(result).StatusAsync(ct));
        return command;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static Command Down()
    {
        var command = new Command("down", "stop every node the devnet started (its data stays)") { CommonOptions.Json };
        command.SetAction((result, _) => Devnet(result).DownAsync());
        return command;
    }
}
