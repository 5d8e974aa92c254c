using System.CommandLine;

namespace Icn.Cli.Commands;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDirectory { get; } = new("--data-dir")
    {
        Description = "the node's data directory (default: $ICN_DATA_DIR, else ~/.icn)",
        Recursive = true,
    };

    public static Option<string> PasswordFile { get; } = new("--password-file")
    {
        Description = "read the passphrase from this file (mode 0600); else $ICN_PASSPHRASE; else ask on the terminal",
    };

    public static Option<bool> Json { get; } = new("--json") { Description = "print JSON for scripts" };

    public static Option<string> RpcAddress { get; } = new("--rpc-addr")
    {
        Description = "the node's JSON-RPC address, HOST:PORT (default: $ICN_RPC_ADDR, else 127.0.0.1:5601)",
        Recursive = true,
    };

    public static string ResolveRpcAddress(ParseResult result) =>
        result.GetValue(RpcAddress) ?? Environment.GetEnvironmentVariable("ICN_RPC_ADDR") ?? "127.0.0.1:5601";

    public static string ResolveDataDirectory(ParseResult result) =>
        Path.GetFullPath(result.GetValue(DataDirectory)
            ?? Environment.GetEnvironmentVariable("ICN_DATA_DIR")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".icn"));
}
