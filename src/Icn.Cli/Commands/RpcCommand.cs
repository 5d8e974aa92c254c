using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary>Runs a command against the node's JSON-RPC: connects with the cookie, prints JSON or text, maps failures to exit codes.</summary>
internal static class RpcCommand
{
    /// <summary>Calls the node, then prints the result as JSON (with --json) or through <paramref name="print"/>.</summary>
    public static Task<int> RunAsync<T>(ParseResult result, Func<RpcClient, CancellationToken, Task<T>> call, JsonTypeInfo<T> type,
        Action<T> print, CancellationToken cancellationToken, Func<T, bool>? failed = null) =>
        RunAsync(result, call, type, value => value, print, cancellationToken, failed);

    /// <summary>
    /// Calls the node (perhaps several times); prints, with --json, what <paramref name="json"/> picks
    /// of the outcome (the node's own answer), else the outcome through <paramref name="print"/>. Exit 1
    /// when <paramref name="failed"/> says the answer reports a failure.
    /// </summary>
    public static async Task<int> RunAsync<TOutcome, TJson>(ParseResult result, Func<RpcClient, CancellationToken, Task<TOutcome>> call,
        JsonTypeInfo<TJson> type, Func<TOutcome, TJson> json, Action<TOutcome> print, CancellationToken cancellationToken, Func<TJson, bool>? failed = null)
    {
        try
        {
            using var client = RpcClient.ForNode(CommonOptions.ResolveDataDirectory(result), CommonOptions.ResolveRpcAddress(result));
            var outcome = await call(client, cancellationToken);
            if (result.GetValue(CommonOptions.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(json(outcome), type));
            }
            else
            {
                print(outcome);
            }

            return failed?.Invoke(json(outcome)) == true ? CliProgram.Refused : CliProgram.Ok;
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
