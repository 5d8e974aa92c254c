namespace Icn.Cli.Devnet;

/// <summary>Where the programs a devnet runs are.</summary>
internal static class Programs
{
    /// <summary>
    /// Where icnd is: <c>--icnd</c>, else <c>$ICN_ICND</c>, else beside icnctl (a published install), else
    /// the Release or Debug build of a source checkout that icnctl itself was built in.
    /// </summary>
    public static string? Icnd(string? given)
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

    /// <summary>
    /// How a person runs this icnctl from the working directory, for the hints it prints: <c>icnctl</c> when that is
    /// on the PATH, else the path of this build's own program (a source checkout's icnctl is on no PATH).
    /// </summary>
    public static string IcnctlCommand()
    {
        if (OnPath("icnctl") is not null)
        {
            return "icnctl";
        }

        var here = Path.Combine(AppContext.BaseDirectory, "icnctl");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, here);
        return File.Exists(here) ? (relative.StartsWith('.') || Path.IsPathRooted(relative) ? relative : "./" + relative)
            : $"dotnet {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(AppContext.BaseDirectory, "icnctl.dll"))}";
    }

    /// <summary>Prometheus on the PATH (Debian's package installs /usr/bin/prometheus), or null.</summary>
    public static string? Prometheus() => OnPath("prometheus");

    /// <summary>Alertmanager on the PATH (Debian's prometheus-alertmanager installs /usr/bin/prometheus-alertmanager), or null.</summary>
    public static string? Alertmanager() => OnPath("prometheus-alertmanager") ?? OnPath("alertmanager");

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
