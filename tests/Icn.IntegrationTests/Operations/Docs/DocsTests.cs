using System.Diagnostics;
using System.Text;

namespace Icn.IntegrationTests.Operations.Docs;

/// <summary>
/// Docs that run: every documented command (<see cref="DocCommands"/>), in order, in one shell, against real nodes in
/// a sandbox (a private HOME, loopback addresses, free ports, mDNS off), so a documented command that fails breaks the build.
/// </summary>
public sealed class DocsTests : InTempDirectory
{
    [Fact]
    public void The_extraction_keeps_sh_blocks_joins_continued_lines_and_skips_manual_blocks_and_comments()
    {
        const string Markdown = "text\n```sh\n# a comment\nicnctl status \\\n  --json\n\ncurl -s x\n```\n```sh manual\nicnd --forever\n```\n```toml\nkey = 1\n```\n";

        var commands = DocCommands.Extract("doc.md", Markdown, 10).ToList();

        Assert.Equal([new("doc.md:14", "icnctl status   --json"), new("doc.md:17", "curl -s x")], commands);
        Assert.Equal("icnd --listen 127.0.0.1:40001 --metrics-addr 127.0.0.1:9999",
            DocCommands.Sandboxed("icnd --listen 0.0.0.0:7777 --metrics-addr 127.0.0.1:9999", new Dictionary<int, int> { [7777] = 40001 }));
    }

    [Fact]
    public async Task Every_documented_command_runs_in_order_against_real_nodes()
    {
        var commands = DocCommands.All();
        Assert.All(commands, c => Assert.False(c.Text.Contains("/var/lib", StringComparison.Ordinal) || c.Text.Contains("/etc/", StringComparison.Ordinal),
            $"{c.Where} touches the machine's own directories; runnable examples use ~ or relative paths (or fence the block ```sh manual): {c.Text}"));
        var ports = DocCommands.DocumentedPorts.ToDictionary(p => p, _ => FreePort.Next());
        var sandbox = Dir.File("sandbox");
        Directory.CreateDirectory(sandbox);
        var bin = Directory.CreateDirectory(Path.Combine(sandbox, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "icnd"), Path.ChangeExtension(Repository.Icnd, null));
        File.CreateSymbolicLink(Path.Combine(bin, "icnctl"), Path.ChangeExtension(Repository.Icnctl, null));
        File.CreateSymbolicLink(Path.Combine(sandbox, "deploy"), Repository.PathOf("deploy"));

        var script = new StringBuilder();
        script.AppendLine($"source {Repository.PathOf("tests", "Icn.IntegrationTests", "Operations", "Docs", "sandbox.sh")}");
        foreach (var command in commands)
        {
            script.AppendLine($"step '{command.Where}'");
            script.AppendLine(DocCommands.Sandboxed(command.Text, ports));
        }

        script.AppendLine("step done");
        var file = Path.Combine(sandbox, "docs.sh");
        await File.WriteAllTextAsync(file, script.ToString(), TestContext.Current.CancellationToken);
        var (code, output) = await RunAsync(file, sandbox, bin, ports);
        TestContext.Current.TestOutputHelper?.WriteLine($"{commands.Count} documented commands from {commands.Select(c => c.Where.Split(':')[0]).Distinct().Count()} files");
        Assert.True(code == 0, output);
        Assert.Contains("docs-sandbox: done", output, StringComparison.Ordinal);
        Assert.True(commands.Count >= 30, $"only {commands.Count} documented commands");
    }

    /// <summary>Runs the script in a session of its own; afterwards every node it started is stopped, whatever happened.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string script, string sandbox, string bin, Dictionary<int, int> ports)
    {
        var start = new ProcessStartInfo("setsid", ["bash", script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = sandbox };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ICN_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["PATH"] = $"{bin}:{start.Environment["PATH"]}";
        start.Environment["SANDBOX"] = sandbox;
        foreach (var (documented, free) in ports)
        {
            start.Environment[$"SANDBOX_PORT_{documented}"] = free.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(Pump(process.StandardOutput, output), Pump(process.StandardError, output));
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(deadline.Token);
            await reading;
            return (process.ExitCode, output.ToString());
        }
        finally
        {
            await StopEverythingAsync(process, sandbox);
        }
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static async Task StopEverythingAsync(Process shell, string sandbox)
    {
        if (!shell.HasExited)
        {
            shell.Kill(entireProcessTree: true);
        }

        if (Directory.Exists(Path.Combine(sandbox, ".icn-devnet")))
        {
            using var down = await ProgramRun.IcnctlAsync(["devnet", "down", "--dir", Path.Combine(sandbox, ".icn-devnet")]);
        }

        var pids = Path.Combine(sandbox, "pids");
        foreach (var pid in File.Exists(pids) ? File.ReadAllLines(pids).Select(int.Parse) : [])
        {
            try
            {
                using var node = Process.GetProcessById(pid);
                node.Kill();
                await node.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }
}
