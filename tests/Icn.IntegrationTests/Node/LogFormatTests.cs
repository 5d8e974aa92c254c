using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Icn.IntegrationTests.Node;

/// <summary>icnd's log as a service's log shipper or journal reads it: one JSON object or one prefixed line per event.</summary>
public sealed class LogFormatTests : InTempDirectory
{
    [Fact]
    public async Task Json_lines_carry_the_shippers_fields_and_one_component_logs_at_its_own_level()
    {
        var password = Dir.PasswordFile("a long passphrase");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", Dir.File("a"), "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        var node = await RunningNode.StartAsync(Dir.File("a"), ["--password-file", password, "--log-format", "json"],
            new Dictionary<string, string> { ["ICN_LOG_LEVEL_NETWORK"] = "debug" });
        await using (node)
        {
            await node.Process.WaitForLogAsync("JSON-RPC on");
            // Bytes that are no TLS handshake: the transport refuses them, at debug.
            using (var garbage = new TcpClient())
            {
                await garbage.ConnectAsync(IPAddress.Loopback, node.P2pPort, TestContext.Current.CancellationToken);
                await garbage.GetStream().WriteAsync("not a handshake\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
                await node.Process.WaitForLogAsync("refused inbound connection");
            }

            Assert.Equal(0, await node.StopAsync());
        }

        var lines = node.Process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.True(lines.Count > 5, node.Process.Stderr);
        Assert.All(lines, line =>
        {
            foreach (var field in new[] { "time", "level", "event_id", "category", "message" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"{field} missing from {line}");
            }

            Assert.True(DateTimeOffset.TryParse(line.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), line.ToString());
        });
        var refused = Assert.Single(lines, l => l.GetProperty("event_id").GetInt32() == 2001);
        Assert.Equal(("debug", "network"), (refused.GetProperty("level").GetString(), refused.GetProperty("component").GetString()));
        Assert.Equal("Icn.Network.Transport.TlsTcpTransport", refused.GetProperty("category").GetString());
        Assert.True(refused.GetProperty("fields").TryGetProperty("Remote", out _), refused.ToString());
        // Only the network was lowered to debug: every other component stays at info.
        Assert.DoesNotContain(lines, l => l.GetProperty("level").GetString() is "debug" or "trace" && l.GetProperty("component").GetString() != "network");
        Assert.Contains(lines, l => l.GetProperty("component").GetString() == "node" && l.GetProperty("level").GetString() == "info");
    }

    [Fact]
    public async Task Systemd_lines_carry_the_journals_priority_prefix_and_no_time()
    {
        var node = await RunningNode.StartAsync(Dir.Path, ["--log-format", "systemd"]);
        await using (node)
        {
            await node.Process.WaitForLogAsync("icnd started");
            Assert.Equal(0, await node.StopAsync());
        }

        var lines = node.Process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        // <6> is informational, <4> a warning (this node has no identity, which it warns about).
        Assert.All(lines, line => Assert.Matches(@"^<[0-7]>Icn\.[\w.]+\[\d+\] ", line));
        Assert.Contains(lines, line => line.StartsWith("<6>", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
