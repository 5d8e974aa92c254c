using System.Net;
using System.Net.Sockets;

namespace Icn.IntegrationTests.Node;

/// <summary>icnd's start-up, configuration errors, identity unlock and shutdown, as an operator meets them.</summary>
public class DaemonLifecycleTests : InTempDirectory
{
    [Theory]
    [InlineData("colour = \"blue\"\n", "unknown key 'colour'")]
    [InlineData("[metrics]\naddr = 9090\n", "bad value for 'metrics.addr'")]
    [InlineData("[metrics]\nrefresh_seconds = \"often\"\n", "bad value for 'metrics.refresh_seconds'")]
    public async Task Bad_config_exits_2_and_names_the_key(string toml, string expected)
    {
        var config = Dir.File("icn.toml");
        await File.WriteAllTextAsync(config, toml, TestContext.Current.CancellationToken);

        using var icnd = ProgramRun.Icnd(["--config", config, "--data-dir", Dir.File("data")]);
        await icnd.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, icnd.ExitCode);
        Assert.Contains(expected, icnd.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", icnd.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_flag_and_bad_flag_value_exit_2()
    {
        using var unknown = ProgramRun.Icnd(["--colour", "blue"]);
        using var badValue = ProgramRun.Icnd(["--data-dir", Dir.Path, "--metrics-addr", "everywhere"]);
        await unknown.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await badValue.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains("flag --metrics-addr", badValue.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(2)]
    public async Task Sigterm_and_sigint_shut_down_cleanly_with_exit_0(int signal)
    {
        var node = await RunningNode.StartAsync(Dir.Path);
        await node.Process.WaitForLogAsync("icnd started");

        node.Process.Signal(signal);
        await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, node.Process.ExitCode);
        Assert.Contains("icnd stopping", node.Process.Stderr, StringComparison.Ordinal);
        await node.DisposeAsync();
    }

    [Theory]
    [InlineData("--metrics-addr", "metrics endpoint", "metrics.addr")]
    [InlineData("--rpc-addr", "JSON-RPC", "rpc.addr")]
    [InlineData("--listen", "peer network", "network.listen")]
    public async Task A_configured_address_that_is_taken_stops_the_node_with_one_line_and_exit_1(string flag, string endpoint, string key)
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = $"127.0.0.1:{((IPEndPoint)squatter.LocalEndpoint).Port}";
        var password = Dir.PasswordFile("a long passphrase");
        var data = Dir.File("data");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        var flags = ProgramRun.LoopbackFlags(data).ToList();
        flags[flags.IndexOf(flag) + 1] = taken;

        using var icnd = ProgramRun.Icnd([.. flags, "--password-file", password], new Dictionary<string, string> { ["ICN_MDNS"] = "false" });
        await icnd.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(icnd.ExitCode == 1, icnd.Output);
        var line = Assert.Single(icnd.Stderr.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"{endpoint} cannot listen on {taken}", line, StringComparison.Ordinal);
        Assert.Contains($"{key} is set to it", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", icnd.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Icnctl_finds_a_node_on_any_port_from_its_data_directory_alone_and_says_when_it_has_stopped()
    {
        var node = await RunningNode.StartAsync(Dir.Path);
        await Poll.UntilAsync(() => File.Exists(Path.Combine(Dir.Path, RpcEndpointFile.FileName)), "rpc.addr to be written");
        Assert.Equal(node.RpcAddress, File.ReadAllText(Path.Combine(Dir.Path, RpcEndpointFile.FileName)).Trim());

        using (var status = await ProgramRun.IcnctlAsync(["--data-dir", Dir.Path, "status", "--json"]))
        {
            Assert.True(status.ExitCode == 0, status.Output);
            Assert.Contains($"\"metrics_url\":\"http://127.0.0.1:{node.MetricsPort}/metrics\"", status.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, await node.StopAsync());
        Assert.False(File.Exists(Path.Combine(Dir.Path, RpcEndpointFile.FileName)));
        using var stopped = await ProgramRun.IcnctlAsync(["--data-dir", Dir.Path, "status"]);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("is icnd running?", stopped.Stderr, StringComparison.Ordinal);
        await node.DisposeAsync();
    }

    [Fact]
    public async Task Identity_created_without_a_terminal_is_unlocked_at_start()
    {
        var password = Dir.PasswordFile("a long passphrase");
        var data = Dir.File("data");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        var did = init.Stdout.Split('\n')[0].Split(' ')[^1];

        await using var node = await RunningNode.StartAsync(data, ["--password-file", password]);

        await node.Process.WaitForLogAsync($"identity {did} unlocked");
        await node.Process.WaitForLogAsync($"icnd started as {did} with 4 components running"); // network, gossip, trust and ledger
        var started = Scrape.Parse(await node.ScrapeAsync());
        Assert.Equal(4, started["icn_system_actors_active"]);
        Assert.Equal(1, started["icn_system_ready"]);
        Assert.Equal(0, started["icn_system_components_failed"]);
        Assert.Equal("""{"ready":true,"started":true,"components":{"gossip":"running","ledger":"running","network":"running","trust":"running"},"problems":{}}""", await node.Http.GetStringAsync("readyz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Passphrase_from_environment_unlocks_too()
    {
        var data = Dir.File("data");
        var environment = new Dictionary<string, string> { ["ICN_PASSPHRASE"] = "from the environment" };
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data], environment);
        Assert.True(init.ExitCode == 0, init.Output);

        await using var node = await RunningNode.StartAsync(data, environment: environment);

        await node.Process.WaitForLogAsync("unlocked");
    }

    [Fact]
    public async Task Wrong_passphrase_at_start_is_one_clear_line_and_exit_1()
    {
        var data = Dir.File("data");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", Dir.PasswordFile("right")]);
        Assert.Equal(0, init.ExitCode);

        using var icnd = ProgramRun.Icnd(["--data-dir", data, "--metrics-addr", "none", "--password-file", Dir.PasswordFile("wrong", "wrong")]);
        await icnd.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, icnd.ExitCode);
        Assert.Contains("cannot start: wrong passphrase", icnd.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", icnd.Output, StringComparison.Ordinal);
    }
}
