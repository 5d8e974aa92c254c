using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Icn.Rpc.Tests;

/// <summary>The client against servers that are not a healthy icnd: each failure is one clear RpcException.</summary>
public sealed class RpcClientTests
{
    private static readonly string s_token = new('a', 64);

    [Fact]
    public async Task Nothing_listening_says_so_with_the_address()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var client = new RpcClient(new Uri($"http://127.0.0.1:{port}/"), s_token);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StatusAsync(TestContext.Current.CancellationToken));

        Assert.Equal(RpcErrorCodes.Unavailable, error.Code);
        Assert.Contains($"is icnd running? no answer on 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_resets_every_connection_is_unavailable_never_a_socket_exception()
    {
        // A node at its HTTP connection cap closes surplus connections at once; the reset can land before the
        // client has read its peer's address, which HttpClient reports as a bare SocketException.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var stop = new CancellationTokenSource();
        var resetting = ResetAllAsync(server, stop.Token);
        using var client = new RpcClient(new Uri($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/"), s_token);

        for (var i = 0; i < 300; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.StatusAsync(TestContext.Current.CancellationToken));
            Assert.Equal(RpcErrorCodes.Unavailable, error.Code);
        }

        await stop.CancelAsync();
        await resetting;
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nnot json!!!", "answered HTTP 200 (text/plain), not JSON-RPC")]
    [InlineData("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "refused the RPC token")]
    public async Task A_server_that_is_not_icnds_rpc_is_named(string answer, string message)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOnceAsync(server, answer);
        using var client = new RpcClient(new Uri($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/"), s_token);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.StatusAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await serving;
    }

    [Fact]
    public async Task A_json_rpc_error_keeps_its_code_message_and_reason()
    {
        const string Body = """{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"disk full","data":{"reason":"storage"}}}""";
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOnceAsync(server, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}");
        using var client = new RpcClient(new Uri($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/"), s_token);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PayAsync(new PayParams("HOUR", "did:icn:x", 1), TestContext.Current.CancellationToken));

        Assert.Equal((RpcErrorCodes.Refused, "disk full", "storage"), (error.Code, error.Message, error.Reason));
        await serving;
    }

    private static async Task ResetAllAsync(TcpListener server, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var socket = await server.AcceptSocketAsync(stop);
                socket.LingerState = new LingerOption(true, 0); // close with a reset
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ServeOnceAsync(TcpListener server, string answer)
    {
        using var socket = await server.AcceptSocketAsync(TestContext.Current.CancellationToken);
        var buffer = new byte[64 * 1024];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) || !BodyComplete(received.ToString()))
        {
            var read = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(answer), TestContext.Current.CancellationToken);
        socket.Shutdown(SocketShutdown.Both);
    }

    private static bool BodyComplete(string request)
    {
        var headerEnd = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var length = request[..headerEnd].Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || request.Length - headerEnd - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
