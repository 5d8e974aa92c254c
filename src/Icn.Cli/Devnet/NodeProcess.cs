using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Icn.Cli.Devnet;

/// <summary>
/// icnd processes that outlive the icnctl that started them: each in its own session (setsid), output
/// to a log file in its data directory, and found again by process id.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static partial class NodeProcess
{
    public const string LogFile = "icnd.log";

    /// <summary>
    /// Where icnd is: <c>--icnd</c>, else <c>$ICN_ICND</c>, else beside icnctl (a published install), else
    /// the Release or Debug build of a source checkout that icnctl itself was built in.
    /// </summary>
    public static string? Locate(string? given)
    {
        if ((given ?? Environment.GetEnvironmentVariable("ICN_ICND")) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        // src/Icn.Cli/bin/<configuration>/<framework>/: the same configuration first, so the two match.
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)) ?? "Release";
        var builds = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "Icn.Node", "bin"));
        string[] candidates =
        [
            Path.Combine(here, "icnd.dll"),
            .. new[] { configuration, "Release", "Debug" }.Distinct().Select(c => Path.Combine(builds, c, framework, "icnd.dll")),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Starts icnd detached; returns its process id.</summary>
    public static int Start(string icnd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string dataDirectory)
    {
        // setsid: a Ctrl+C in icnctl's terminal does not reach the nodes. sh execs dotnet in place, so the
        // process id stays the node's; output goes to a file, so no pipe ties the node to icnctl.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", "exec dotnet \"$@\" >>\"$0\" 2>&1 </dev/null", Path.Combine(dataDirectory, LogFile), icnd }.Concat(args))
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

    /// <summary>Whether <paramref name="pid"/> is still the icnd serving <paramref name="dataDirectory"/> (not a reused id).</summary>
    public static bool IsRunning(int pid, string dataDirectory)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return commandLine.Contains("--data-dir") && commandLine.Contains(dataDirectory)
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
    public static async Task<bool> StopAsync(int pid, string dataDirectory, TimeSpan grace)
    {
        const int SigTerm = 15, SigKill = 9;
        if (!IsRunning(pid, dataDirectory))
        {
            return false;
        }

        _ = Kill(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning(pid, dataDirectory))
            {
                return false;
            }

            await Task.Delay(50);
        }

        _ = Kill(pid, SigKill);
        return true;
    }

    /// <summary>The last lines of a node's log, to show why it did not come up.</summary>
    public static IEnumerable<string> LogTail(string dataDirectory, int lines)
    {
        var path = Path.Combine(dataDirectory, LogFile);
        return File.Exists(path) ? File.ReadLines(path).Where(l => l.Trim().Length > 0).TakeLast(lines) : [];
    }

    /// <summary>A port the OS just handed out on 127.0.0.1 and that is free again.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
