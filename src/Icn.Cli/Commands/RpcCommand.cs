using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary>Runs a command against the node's JSON-RPC: connects with the cookie, prints JSON or text, maps failures to exit codes.</summary>
internal static class RpcCommand
{
    /// <summary>Calls the node, then prints the result as JSON (with --json) or through <paramref name="print"/>.</summary>
    public static async Task<int> RunAsync<T>(ParseResult result, Func<RpcClient, CancellationToken, Task<T>> call, JsonTypeInfo<T> type,
        Action<T> print, CancellationToken cancellationToken)
    {
        try
        {
            using var client = RpcClient.ForNode(CommonOptions.ResolveDataDirectory(result), CommonOptions.ResolveRpcAddress(result));
            var value = await call(client, cancellationToken);
            if (result.GetValue(CommonOptions.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(value, type));
            }
            else
            {
                print(value);
            }

            return CliProgram.Ok;
        }
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"icnctl: {e.Message}");
            return e.Code is RpcErrorCodes.InvalidParams or RpcErrorCodes.MethodNotFound or RpcErrorCodes.InvalidRequest
                ? CliProgram.BadUsage
                : CliProgram.Refused;
        }
    }
}
