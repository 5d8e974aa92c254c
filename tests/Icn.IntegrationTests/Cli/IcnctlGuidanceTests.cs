namespace Icn.IntegrationTests.Cli;

/// <summary>icnctl with nothing to talk to says what to do, with exit code 1.</summary>
public sealed class IcnctlGuidanceTests : InTempDirectory
{
    [Fact]
    public async Task Against_a_stopped_daemon_it_asks_whether_icnd_is_running()
    {
        var data = Dir.File("data");
        string address;
        await using (var node = await RunningNode.StartAsync(data))
        {
            address = node.RpcAddress;
            Assert.Equal(0, await node.StopAsync());
        }

        using var run = await ProgramRun.IcnctlAsync(["--data-dir", data, "--rpc-addr", address, "status"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"is icnd running? no answer on {address}", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stauts", "'stauts': did you mean 'status'?", "see 'icnctl --help'")]
    [InlineData("ledger pya", "'pya': did you mean 'pay'?", "see 'icnctl ledger --help'")]
    [InlineData("network peers --jsno", "'--jsno': did you mean '--json'?", "see 'icnctl network peers --help'")]
    public async Task A_mistyped_word_gets_the_nearest_command_and_the_help_to_read(string line, string suggestion, string help)
    {
        using var run = await ProgramRun.IcnctlAsync(line.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"icnctl: {suggestion}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(help, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_data_directory_that_does_not_exist_it_says_so()
    {
        var missing = Dir.File("nowhere");

        using var run = await ProgramRun.IcnctlAsync(["--data-dir", missing, "ledger", "currencies"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"data directory {missing} does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_devnet_down_has_nothing_to_stop_and_status_says_how_to_start_one()
    {
        using var down = await ProgramRun.IcnctlAsync(["devnet", "down", "--dir", Dir.File("none")]);
        using var status = await ProgramRun.IcnctlAsync(["devnet", "status", "--dir", Dir.File("none")]);

        Assert.Equal(0, down.ExitCode);
        Assert.Contains("nothing to stop", down.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("icnctl devnet up", status.Stderr, StringComparison.Ordinal);
    }
}
