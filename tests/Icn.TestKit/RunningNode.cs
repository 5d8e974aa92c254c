using System.Net;

namespace Icn.TestKit;

/// <summary>A real icnd process on loopback with its own data directory and metrics port.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    private RunningNode(ProgramRun process, string dataDirectory, string host, int metricsPort, int p2pPort, int rpcPort)
    {
        P2pPort = p2pPort;
        RpcPort = rpcPort;
        RpcAddress = $"{host}:{rpcPort}";
        Process = process;
        DataDirectory = dataDirectory;
        MetricsPort = metricsPort;
        Http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://{host}:{metricsPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    private int _disposed;

    public ProgramRun Process { get; }

    public string DataDirectory { get; }

    public int MetricsPort { get; }

    /// <summary>The loopback port the node's peer network listens on (when it has an identity).</summary>
    public int P2pPort { get; }

    public HttpClient Http { get; }

    public int RpcPort { get; }

    /// <summary>The node's JSON-RPC address, HOST:PORT.</summary>
    public string RpcAddress { get; }

    /// <summary>A JSON-RPC client for this node, with the token it wrote at start.</summary>
    public Icn.Rpc.RpcClient Rpc() => Icn.Rpc.RpcClient.ForNode(DataDirectory, RpcAddress);

    /// <summary>
    /// Starts icnd on 127.0.0.1 (or on <paramref name="host"/> inside <paramref name="networkNamespace"/>) and
    /// waits until /healthz answers. mDNS stays off unless the environment switches it on.
    /// </summary>
    public static async Task<RunningNode> StartAsync(string dataDirectory, IEnumerable<string>? extraArgs = null,
        IReadOnlyDictionary<string, string>? environment = null, string host = "127.0.0.1", string? networkNamespace = null, Descriptors? descriptorLimit = null)
    {
        var port = networkNamespace is null ? FreePort.Next() : 9090;
        var p2p = networkNamespace is null ? FreePort.Next() : 7777;
        var rpc = networkNamespace is null ? FreePort.Next() : 5601;
        var process = ProgramRun.Icnd(
            ["--data-dir", dataDirectory, "--metrics-addr", $"{host}:{port}", "--listen", $"{host}:{p2p}", "--rpc-addr", $"{host}:{rpc}", .. extraArgs ?? []],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ICN_MDNS"] = environment?.GetValueOrDefault("ICN_MDNS") ?? "false" },
            networkNamespace, descriptorLimit);
        var node = new RunningNode(process, dataDirectory, host, port, p2p, rpc);
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"icnd exited with {process.ExitCode}\n{process.Output}");
            }

            try
            {
                using var response = await node.Http.GetAsync("healthz");
                return response.IsSuccessStatusCode ? "up" : null;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
            {
                return null;
            }
        }, $"icnd to answer /healthz on {port}\n{process.Output}");
        return node;
    }

    /// <summary>GETs /metrics as Prometheus text 0.0.4.</summary>
    public Task<string> ScrapeAsync() => Http.GetStringAsync("metrics");

    /// <summary>Sends SIGTERM and waits for a clean exit, returning the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Process.Signal(15);
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return Process.ExitCode;
    }

    /// <summary>Stops the node if it runs, once: a mesh may dispose a node its test disposed already.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!Process.HasExited)
            {
                await StopAsync();
            }
        }
        finally
        {
            // Also when it would not stop: the process is killed, never left behind to hold its ports.
            Http.Dispose();
            Process.Dispose();
        }
    }
}
