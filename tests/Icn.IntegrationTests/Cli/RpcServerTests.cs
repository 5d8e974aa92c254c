using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Icn.IntegrationTests.Cli;

/// <summary>JSON-RPC against a real icnd (system-only: no identity): authentication, every error code, limits, counting.</summary>
public sealed class RpcServerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RunningNode? _node;
    private HttpClient _http = null!;

    private RunningNode Node => _node!;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(_dir.File("data"));
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(Node.DataDirectory, RpcCookie.FileName)) ? "" : null), "rpc.cookie");
        _http = new HttpClient { BaseAddress = new Uri($"http://{Node.RpcAddress}/") };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_with_401_and_counted()
    {
        using var missing = await _http.PostAsync("", Json("""{"jsonrpc":"2.0","id":1,"method":"node.status"}"""), TestContext.Current.CancellationToken);
        using var wrong = await Send("""{"jsonrpc":"2.0","id":1,"method":"node.status"}""", token: new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        await Poll.UntilAsync(async () => Scrape.Parse(await Node.ScrapeAsync())["icn_rpc_requests_total{method=\"unknown\",outcome=\"unauthorized\"}"] == 2 ? "" : null,
            "two unauthorized requests counted");
    }

    [Theory]
    [InlineData("{not json", RpcErrorCodes.ParseError, "not JSON")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"node.status"}]""", RpcErrorCodes.InvalidRequest, "batch")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"node.status"}""", RpcErrorCodes.InvalidRequest, "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"node.reboot"}""", RpcErrorCodes.MethodNotFound, "unknown method 'node.reboot'")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"gossip.publish","params":[1,2]}""", RpcErrorCodes.InvalidParams, "params must be an object")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ledger.balances","params":{"currency":7}}""", RpcErrorCodes.InvalidParams, "currency")]
    public async Task Bad_requests_get_their_code_and_a_message_and_the_node_keeps_serving(string body, int code, string message)
    {
        var before = Scrape.Parse(await Node.ScrapeAsync());

        using var response = await Send(body);
        var error = (await Read(response)).GetProperty("error");

        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var client = Node.Rpc();
        Assert.Null((await client.StatusAsync(TestContext.Current.CancellationToken)).Did);
        await Poll.UntilAsync(async () =>
        {
            var after = Scrape.Parse(await Node.ScrapeAsync());
            return after.Sum("icn_rpc_requests_total", "outcome", "bad_request") == before.Sum("icn_rpc_requests_total", "outcome", "bad_request") + 1 ? "" : null;
        }, "the bad request counted");
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413_before_it_is_read_whole()
    {
        var payload = new string('x', 2 * 1024 * 1024);
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"gossip.publish\",\"params\":{\"topic\":\"t\",\"payload\":\"" + payload + "\"}}";

        using var response = await Send(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(RpcErrorCodes.InvalidRequest, (await Read(response)).GetProperty("error").GetProperty("code").GetInt32());
        using var client = Node.Rpc();
        Assert.True((await client.StatusAsync(TestContext.Current.CancellationToken)).Ready);
    }

    [Fact]
    public async Task Identity_show_tells_where_the_keystore_belongs_and_that_there_is_none_yet()
    {
        using var client = Node.Rpc();

        var identity = await client.IdentityAsync(TestContext.Current.CancellationToken);

        Assert.Null(identity.Did);
        Assert.Equal(Path.Combine(Node.DataDirectory, "identity.key"), identity.KeystorePath);
    }

    [Fact]
    public async Task Without_an_identity_icnctl_says_how_to_create_one()
    {
        using var run = await ProgramRun.IcnctlAsync(["--data-dir", Node.DataDirectory, "--rpc-addr", Node.RpcAddress, "ledger", "currencies"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no identity: run 'icnctl id init', then restart icnd", run.Stderr, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Send(string body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? RpcCookie.Read(Node.DataDirectory));
        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
