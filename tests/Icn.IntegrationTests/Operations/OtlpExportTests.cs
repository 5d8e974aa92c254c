using System.Collections.Concurrent;
using System.Net;

namespace Icn.IntegrationTests.Operations;

/// <summary>A real icnd with <c>--otlp-endpoint</c> exports traces and metrics over OTLP/HTTP to a collector stand-in.</summary>
public sealed class OtlpExportTests : InTempDirectory
{
    [Fact]
    public async Task Traces_and_metrics_reach_the_configured_collector()
    {
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Bytes)>();
        _ = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                try
                {
                    var context = await collector.GetContextAsync();
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.Length));
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);

        var data = Dir.File("node");
        var password = Dir.PasswordFile("otlp");
        using (var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]))
        {
            Assert.True(init.ExitCode == 0, init.Output);
        }

        await using var node = await RunningNode.StartAsync(data, ["--password-file", password, "--otlp-endpoint", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = "otlp:news", ["ICN_METRICS_REFRESH_SECONDS"] = "1" });
        await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz")).IsSuccessStatusCode ? "" : null, "the node ready");
        using var rpc = node.Rpc();
        await rpc.PublishAsync(new PublishParams("otlp:news", "traced"), TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => Task.FromResult(
            received.Any(r => r.Path == "/v1/traces" && r.Bytes > 0) && received.Any(r => r.Path == "/v1/metrics" && r.Bytes > 0) ? "" : null),
            $"OTLP traces and metrics at the collector (so far: {string.Join(", ", received.Select(r => r.Path))})\n{node.Process.Output}", TimeSpan.FromSeconds(30));
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
    }
}
