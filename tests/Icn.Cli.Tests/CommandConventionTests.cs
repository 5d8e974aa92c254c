using System.CommandLine;
using System.Diagnostics;
using Icn.Cli.Commands;

namespace Icn.Cli.Tests;

/// <summary>The conventions every icnctl command keeps, read from the command tree itself.</summary>
public sealed class CommandConventionTests
{
    /// <summary>Commands whose output is not a result: a live screen, a shell script.</summary>
    private static readonly HashSet<string> s_noJson = ["icnctl top", "icnctl completion"];

    [Fact]
    public void Every_command_that_does_something_takes_json()
    {
        var leaves = Leaves(CliProgram.Commands(), "icnctl").ToList();

        Assert.True(leaves.Count > 30, $"{leaves.Count} commands");
        Assert.All(leaves.Where(l => !s_noJson.Contains(l.Path)), leaf =>
            Assert.True(leaf.Command.Options.Any(o => o.Name == "--json"), $"{leaf.Path} has no --json"));
    }

    [Theory]
    [InlineData("stauts", "status")]
    [InlineData("ledgr", "ledger")]
    [InlineData("--jsno", "--json")]
    [InlineData("devent", "devnet")]
    public void A_near_miss_gets_the_nearest_name(string typed, string expected) =>
        Assert.Equal(expected, Suggestions.Nearest(typed, ["status", "ledger", "devnet", "network", "--json", "--data-dir"]));

    [Fact]
    public void A_word_far_from_every_name_gets_no_suggestion() =>
        Assert.Null(Suggestions.Nearest("frobnicate", ["status", "ledger", "devnet"]));

    [Theory]
    [InlineData("icnctl led", "ledger")]
    [InlineData("icnctl ledger p", "pay")]
    [InlineData("icnctl --data-dir x ledger quarantine re", "release")]
    [InlineData("icnctl network peers --j", "--json")]
    public async Task The_bash_script_completes_commands_and_options_from_the_tree(string line, string expected)
    {
        var words = line.Split(' ');
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Script("bash"), TestContext.Current.CancellationToken);
            var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
            var output = await RunAsync("bash", "-c", $"source {script}; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _icnctl; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
            Assert.Contains(expected, output.Split('\n'));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task The_zsh_script_is_valid_zsh()
    {
        var script = Script("zsh");
        Assert.StartsWith("#compdef icnctl", script, StringComparison.Ordinal);
        Assert.Contains("\"icnctl ledger\" \"currencies create-currency pay", script, StringComparison.Ordinal);
        Assert.SkipUnless(File.Exists("/usr/bin/zsh") || File.Exists("/bin/zsh"), "zsh is not installed: its syntax check is skipped");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, script, TestContext.Current.CancellationToken);
            Assert.Equal("", await RunAsync("zsh", "-n", file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Script(string shell)
    {
        var root = CliProgram.Commands();
        var words = CompletionCommand.Words(root);
        Assert.Contains("icnctl ledger pay", words.Keys);
        using var output = new StringWriter();
        var parsed = root.Parse(["completion", shell]);
        var previous = Console.Out;
        lock (typeof(Console))
        {
            Console.SetOut(output);
            try
            {
                Assert.Equal(0, parsed.Invoke());
            }
            finally
            {
                Console.SetOut(previous);
            }
        }

        return output.ToString();
    }

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path) =>
        command.Subcommands.Count == 0 ? [(path, command)] : command.Subcommands.SelectMany(c => Leaves(c, $"{path} {c.Name}"));

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }
}
