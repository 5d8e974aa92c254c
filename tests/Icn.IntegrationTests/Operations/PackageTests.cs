using System.Diagnostics;

namespace Icn.IntegrationTests.Operations;

/// <summary>
/// The Debian package, with real dpkg on this machine (as root, as CI runs): built by deploy/debian/build.sh, installed,
/// its programs run from PATH, its files, owners and modes checked, its unit verified, then purged.
/// </summary>
[Collection(Alone.Name)]
public sealed class PackageTests
{
    [Fact]
    public async Task The_package_installs_runs_from_path_with_owners_and_modes_and_purges_clean()
    {
        Assert.SkipUnless(Environment.UserName == "root", "dpkg -i needs root (CI runs as root)");
        var build = await RunAsync(Repository.PathOf("deploy", "debian", "build.sh"));
        Assert.True(build.Code == 0, build.Output);
        var deb = Directory.GetFiles(Repository.PathOf("artifacts"), "icn_*_amd64.deb").OrderByDescending(File.GetLastWriteTimeUtc).First();
        Assert.Matches(@"artifacts/icn_\d+\.\d+\.\d+_amd64\.deb$", deb);
        Assert.Contains(Path.GetRelativePath(Repository.PathOf(), deb), build.Output, StringComparison.Ordinal);
        try
        {
            var install = await RunAsync("dpkg", "-i", deb);
            Assert.True(install.Code == 0, install.Output);

            // Through a shell, which looks programs up on PATH (Process.Start would look in this test's own folder first).
            var version = await RunAsync("sh", "-c", "icnd --version");
            Assert.True(version.Code == 0, version.Output);
            Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
            var help = await RunAsync("sh", "-c", "command -v icnctl && icnctl --help");
            Assert.Contains("/usr/bin/icnctl", help.Output, StringComparison.Ordinal);
            Assert.True(help.Code == 0 && help.Output.Contains("icnctl", StringComparison.Ordinal), help.Output);

            Assert.Equal("icn:icn 700", await StatAsync("/var/lib/icn"));
            Assert.Equal("icn:icn 600", await StatAsync("/var/lib/icn/identity.key"));
            Assert.Equal("icn:icn 600", await StatAsync("/etc/icn/passphrase"));
            Assert.Equal("root:root 644", await StatAsync("/etc/icn/icn.toml"));
            Assert.Equal("root:root 644", await StatAsync("/lib/systemd/system/icnd.service"));
            var unit = await File.ReadAllTextAsync("/lib/systemd/system/icnd.service", TestContext.Current.CancellationToken);
            foreach (var hardening in new[] { "User=icn", "StateDirectory=icn", "ProtectSystem=strict", "ProtectHome=true", "NoNewPrivileges=true", "PrivateTmp=true",
                "CapabilityBoundingSet=\n", "RestrictAddressFamilies=", "Restart=on-failure" })
            {
                Assert.Contains(hardening, unit, StringComparison.Ordinal);
            }

            if (File.Exists("/usr/bin/systemd-analyze"))
            {
                var verify = await RunAsync("systemd-analyze", "verify", "/lib/systemd/system/icnd.service");
                Assert.True(verify.Code == 0, verify.Output);
            }

            // The identity the package made is the one the installed icnctl shows.
            var shown = await RunAsync("runuser", "-u", "icn", "--", "icnctl", "id", "show", "--data-dir", "/var/lib/icn");
            Assert.True(shown.Code == 0 && shown.Output.Contains("did:icn:", StringComparison.Ordinal), shown.Output);
            await RunsAsTheUnitDoesAsync(unit, shown.Output.Split(' ', '\n').First(w => w.StartsWith("did:icn:", StringComparison.Ordinal)));
        }
        finally
        {
            var purge = await RunAsync("dpkg", "--purge", "icn");
            Assert.True(purge.Code == 0, purge.Output);
        }

        Assert.False(Directory.Exists("/var/lib/icn"));
        Assert.False(Directory.Exists("/etc/icn"));
        Assert.False(File.Exists("/usr/bin/icnd"));
        Assert.NotEqual(0, (await RunAsync("getent", "passwd", "icn")).Code);
    }

    /// <summary>
    /// The unit's own command line, as user icn, against the example configuration (with loopback addresses, as every
    /// test here runs): the node unlocks the package's identity, and icnctl finds it from the data directory alone.
    /// </summary>
    private static async Task RunsAsTheUnitDoesAsync(string unit, string did)
    {
        var execStart = unit.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        string[] loopback = ["--listen", $"127.0.0.1:{FreePort.Next()}", "--metrics-addr", $"127.0.0.1:{FreePort.Next()}", "--rpc-addr", $"127.0.0.1:{FreePort.Next()}"];
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in new[] { "-u", "icn", "--", "env", "ICN_MDNS=false" }.Concat(execStart).Concat(loopback))
        {
            start.ArgumentList.Add(arg);
        }

        using var icnd = Process.Start(start)!;
        var log = icnd.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            var status = await Poll.UntilAsync(async () =>
            {
                var answer = await RunAsync("runuser", "-u", "icn", "--", "icnctl", "--data-dir", "/var/lib/icn", "status");
                return answer.Code == 0 ? answer.Output : null;
            }, "icnctl status against the packaged node", TimeSpan.FromSeconds(60));
            Assert.Contains(did, status, StringComparison.Ordinal);
        }
        finally
        {
            _ = await RunAsync("pkill", "-TERM", "-u", "icn", "-x", "icnd");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await icnd.WaitForExitAsync(deadline.Token);
        }

        // The example configuration writes for the journal: a priority prefix and no time of its own.
        var lines = (await log).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains($"identity {did} unlocked", StringComparison.Ordinal));
    }

    private static async Task<string> StatAsync(string path) => (await RunAsync("stat", "-c", "%U:%G %a", path)).Output.Trim();

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.PathOf() };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // As an operator's shell runs them: the test host's own .NET settings would send the installed apphosts to its folder.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("COREHOST", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await error);
    }
}
