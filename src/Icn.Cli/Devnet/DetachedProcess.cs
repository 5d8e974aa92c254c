using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Icn.Cli.Devnet;

/// <summary>
/// Processes (icnd, Prometheus) that outlive the icnctl that started them: each in its own session
/// (setsid), output to a log file, and found again by process id and a mark on their command line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static partial class DetachedProcess
{
    /// <summary>Starts <paramref name="program"/> detached, appending its output to <paramref name="log"/>; returns its process id.</summary>
    public static int Start(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string log)
    {
        // setsid: a Ctrl+C in icnctl's terminal does not reach the process. sh execs the program in place,
        // so the process id stays its own; output goes to a file, so no pipe ties it to icnctl.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", "exec \"$@\" >>\"$0\" 2>&1 </dev/null", log, program }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ICN_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        return process.Id;
    }

    /// <summary>
    /// Whether <paramref name="pid"/> is still the process started with the argument <paramref name="mark"/>
    /// (a node's data directory, Prometheus's configuration), not a reused process id.
    /// </summary>
    public static bool IsRunning(int pid, string mark)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return commandLine.Contains(mark)
                && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>. True if it had to be killed.</summary>
    public static async Task<bool> StopAsync(int pid, string mark, TimeSpan grace)
    {
        const int SigTerm = 15, SigKill = 9;
        if (!IsRunning(pid, mark))
        {
            return false;
        }

        _ = Kill(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning(pid, mark))
            {
                return false;
            }

            await Task.Delay(50);
        }

        _ = Kill(pid, SigKill);
        return true;
    }

    /// <summary>
    /// Every other process whose command line has an argument <paramref name="matches"/> accepts: those an interrupted
    /// <c>up</c> started but never recorded.
    /// </summary>
    public static IReadOnlyList<int> Find(Func<string, bool> matches)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId && Arguments(pid).Any(matches))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The last lines of a log, to show why a process did not come up.</summary>
    public static IEnumerable<string> LogTail(string path, int lines)
    {
        return File.Exists(path) ? File.ReadLines(path).Where(l => l.Trim().Length > 0).TakeLast(lines) : [];
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
