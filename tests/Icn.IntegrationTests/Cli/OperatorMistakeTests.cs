namespace Icn.IntegrationTests.Cli;

/// <summary>
/// Ordinary mistakes of an operator, each answered with one clear line naming what is wrong and the
/// documented exit code, and never a stack trace: icnctl with empty or malformed options and damaged
/// local files, icnd with an identity that is not a file or a configuration of the wrong type.
/// </summary>
public sealed class OperatorMistakeTests : InTempDirectory
{
    public static TheoryData<string[], string?, int, string> IcnctlCases => new()
    {
        { ["--data-dir", "", "status"], null, 2, "--data-dir '' is not a directory path" },
        { ["--data-dir", "", "id", "show"], null, 2, "--data-dir '' is not a directory path" },
        { ["--data-dir", "", "id", "init"], null, 2, "--data-dir '' is not a directory path" },
        { ["--data-dir", "", "ledger", "pay", "did:icn:x", "1", "-c", "HOUR"], null, 2, "--data-dir '' is not a directory path" },
        { ["status"], "", 2, "$ICN_DATA_DIR '' is not a directory path" },
        { ["--rpc-addr", "", "status"], null, 2, "--rpc-addr '' is not HOST:PORT" },
        { ["--rpc-addr", "127.0.0.1:99999", "status"], null, 2, "--rpc-addr '127.0.0.1:99999' is not HOST:PORT with a port from 1 to 65535" },
        { ["--rpc-addr", "nonsense", "status"], null, 2, "--rpc-addr 'nonsense' is not HOST:PORT" },
    };

    [Theory]
    [MemberData(nameof(IcnctlCases))]
    public async Task Icnctl_answers_a_bad_option_in_one_line(string[] args, string? dataDirectoryVariable, int exitCode, string message)
    {
        var environment = dataDirectoryVariable is null ? null : new Dictionary<string, string> { ["ICN_DATA_DIR"] = dataDirectoryVariable };

        using var run = await ProgramRun.IcnctlAsync(args, environment);

        AssertOneLine(run, exitCode, message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("binary")]
    public async Task A_damaged_rpc_cookie_is_named(string content)
    {
        var data = Dir.File("cookie-" + content);
        Directory.CreateDirectory(data);
        await File.WriteAllBytesAsync(Path.Combine(data, "rpc.cookie"), content == "binary" ? [0, 1, 2, 0x0a, 0xff, 0x0d] : "garbage"u8.ToArray(), TestContext.Current.CancellationToken);

        using var run = await ProgramRun.IcnctlAsync(["--data-dir", data, "--rpc-addr", $"127.0.0.1:{FreePort.Next()}", "status"]);

        AssertOneLine(run, 1, $"{Path.Combine(data, "rpc.cookie")} does not hold an RPC token");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("down")]
    public async Task A_damaged_devnet_json_is_named(string command)
    {
        var folder = Dir.File("devnet-" + command);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "devnet.json"), "{garbage", TestContext.Current.CancellationToken);

        using var run = await ProgramRun.IcnctlAsync(["devnet", command, "--dir", folder]);

        AssertOneLine(run, 1, $"{Path.Combine(folder, "devnet.json")} is not a devnet's state");
    }

    [Fact]
    public async Task The_metrics_port_or_a_silent_port_given_as_the_rpc_address_is_named()
    {
        var data = Dir.File("node");
        await using var node = await RunningNode.StartAsync(data);
        await Poll.UntilAsync(() => File.Exists(Path.Combine(data, "rpc.cookie")), "the RPC port to open");

        using (var wrongPort = await ProgramRun.IcnctlAsync(["--data-dir", data, "--rpc-addr", $"127.0.0.1:{node.MetricsPort}", "status"]))
        {
            AssertOneLine(wrongPort, 1, "not JSON-RPC: is that icnd's RPC port and not its metrics port?");
        }

        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections and never answers
        var started = DateTime.UtcNow;
        using (var noAnswer = await ProgramRun.IcnctlAsync(["--data-dir", data, "--rpc-addr", $"127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}", "status"]))
        {
            AssertOneLine(noAnswer, 1, "within 15 s: is that icnd's RPC port?");
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task Icnd_refuses_an_identity_key_that_is_a_directory_instead_of_running_without_identity()
    {
        var data = Dir.File("keydir");
        Directory.CreateDirectory(Path.Combine(data, "identity.key"));

        using var run = ProgramRun.Icnd(ProgramRun.LoopbackFlags(data), new Dictionary<string, string> { ["ICN_MDNS"] = "false" });
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Path.Combine(data, "identity.key")} is a directory, not a keystore", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gossip.topics = \"x\"", "bad value for 'gossip.topics'")]
    [InlineData("[network]\nbootstrap_peers = \"icn://x\"", "bad value for 'network.bootstrap_peers'")]
    public async Task Icnd_refuses_a_list_setting_given_as_a_string_in_toml(string toml, string message)
    {
        var data = Dir.File("toml" + toml.Length);
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "icn.toml"), toml, TestContext.Current.CancellationToken);

        using var run = ProgramRun.Icnd(ProgramRun.LoopbackFlags(data), new Dictionary<string, string> { ["ICN_MDNS"] = "false" });
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("expected a list", run.Stderr, StringComparison.Ordinal);
    }

    private static void AssertOneLine(ProgramRun run, int exitCode, string message)
    {
        Assert.True(run.ExitCode == exitCode, run.Output);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
    }
}
