using System.CommandLine;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDirectory { get; } = new("--data-dir")
    {
        Description = $"the node's data directory (default: ${NodeDefaults.DataDirectoryVariable}, else ~/.icn)",
        Recursive = true,
    };

    public static Option<string> PasswordFile { get; } = new("--password-file")
    {
        Description = "read the passphrase from this file (mode 0600); else $ICN_PASSPHRASE; else ask on the terminal",
    };

    public static Option<bool> Json { get; } = new("--json") { Description = "print JSON for scripts" };

    public static Option<string> RpcAddress { get; } = new("--rpc-addr")
    {
        Description = $"the node's JSON-RPC address, HOST:PORT (default: ${NodeDefaults.RpcAddressVariable}, else what the node wrote to {RpcEndpointFile.FileName} in its data directory, else {NodeDefaults.RpcAddress})",
        Recursive = true,
    };

    /// <summary>HOST:PORT from --rpc-addr, else $ICN_RPC_ADDR, else the default; a malformed one is bad usage naming its origin.</summary>
    public static string ResolveRpcAddress(ParseResult result)
    {
        var (address, origin) = Resolve(result, RpcAddress, NodeDefaults.RpcAddressVariable, null);
        if (origin == "the default")
        {
            // Where the node in this data directory said it answers, else the default.
            (address, origin) = RpcEndpointFile.Read(ResolveDataDirectory(result)) is { } written
                ? (written, $"{RpcEndpointFile.FileName} in the data directory")
                : (NodeDefaults.RpcAddress, "the default");
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535 && Uri.TryCreate($"http://{address}/", UriKind.Absolute, out var uri) && uri.PathAndQuery == "/"
            ? address
            : throw new CliException(CliProgram.BadUsage, $"{origin} '{address}' is not HOST:PORT with a port from 1 to 65535 (e.g. {NodeDefaults.RpcAddress})");
    }

    /// <summary>The data directory from --data-dir, else $ICN_DATA_DIR, else ~/.icn; an empty or malformed one is bad usage.</summary>
    public static string ResolveDataDirectory(ParseResult result)
    {
        var (path, origin) = Resolve(result, DataDirectory, NodeDefaults.DataDirectoryVariable, NodeDefaults.DataDirectory);
        try
        {
            return path.Length > 0 ? Path.GetFullPath(path) : throw new ArgumentException("it is empty");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliException(CliProgram.BadUsage, $"{origin} '{path}' is not a directory path: give one, or leave it out for ~/.icn");
        }
    }

    private static (string Value, string Origin) Resolve(ParseResult result, Option<string> option, string variable, string? fallback) =>
        result.GetResult(option) is not null ? (result.GetValue(option) ?? "", option.Name)
            : Environment.GetEnvironmentVariable(variable) is { } fromEnvironment ? (fromEnvironment, "$" + variable)
            : (fallback ?? "", "the default");
}
