using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Icn.TestKit;

/// <summary>
/// A real icnd or icnctl process, with stdin closed (as CI runs it), a clean ICN_* environment and
/// its output captured line by line.
/// </summary>
public sealed partial class ProgramRun : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ProgramRun(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string? networkNamespace = null,
        Descriptors? descriptorLimit = null)
    {
        // `ip netns exec` and `prlimit` exec what follows in place, so the process id (and signals) stay the program's.
        string[] launcher = [.. networkNamespace is null ? [] : new[] { "ip", "netns", "exec", networkNamespace },
            .. descriptorLimit is { } n ? new[] { "prlimit", n.ToString() } : [], "dotnet"];
        var start = new ProcessStartInfo(launcher[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in launcher[1..])
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ICN_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Capture(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(_stderr, e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts icnd with the given flags; in a network namespace, or with a descriptor limit, when asked.</summary>
    public static ProgramRun Icnd(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? networkNamespace = null,
        Descriptors? descriptorLimit = null) =>
        new(Repository.Icnd, args, environment, networkNamespace, descriptorLimit);

    /// <summary>The flags that keep a test's icnd on loopback, on ports free now.</summary>
    public static string[] LoopbackFlags(string dataDirectory) =>
        ["--data-dir", dataDirectory, "--listen", $"127.0.0.1:{FreePort.Next()}", "--metrics-addr", $"127.0.0.1:{FreePort.Next()}", "--rpc-addr", $"127.0.0.1:{FreePort.Next()}"];

    /// <summary>Runs icnctl to completion.</summary>
    public static async Task<ProgramRun> IcnctlAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? deadline = null)
    {
        var run = new ProgramRun(Repository.Icnctl, args, environment);
        await run.WaitForExitAsync(deadline ?? TimeSpan.FromSeconds(60));
        return run;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Everything printed so far, for assertion messages.</summary>
    public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    public async Task WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process did not exit within {deadline}\n{Output}{await StacksAsync()}");
        }
    }

    /// <summary>
    /// The managed stacks of a process that will not exit, when dotnet-stack is installed (<c>dotnet tool install -g
    /// dotnet-stack</c>): a hang is then diagnosed from the failure alone. Empty otherwise.
    /// </summary>
    private async Task<string> StacksAsync()
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-stack");
        if (!File.Exists(tool) || _process.HasExited)
        {
            return "";
        }

        using var report = Process.Start(new ProcessStartInfo(tool, ["report", "-p", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return $"\nmanaged stacks (dotnet-stack):\n{await report.StandardOutput.ReadToEndAsync(limit.Token)}";
        }
        catch (OperationCanceledException)
        {
            return "\n(dotnet-stack gave no report within 30 s)";
        }
    }

    /// <summary>Waits until a line of stderr (where icnd logs) contains <paramref name="text"/>.</summary>
    public Task<string> WaitForLogAsync(string text, TimeSpan? deadline = null) =>
        Poll.UntilAsync(() => Task.FromResult(_stderr.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal))),
            $"log line containing '{text}'\n{Output}", deadline);

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2, SIGKILL = 9).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Capture(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
